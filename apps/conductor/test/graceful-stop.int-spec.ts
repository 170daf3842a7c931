import OpenAI from 'openai';
import { ClusterUnderTest, type ClusterUnderTestOptions } from './cluster-under-test';
import { promptText as text } from './prompt-text';

/** One streamed request as the client saw it: `stopsBefore` counts the stops already signalled when it was sent. */
interface Sent {
  readonly id: number;
  readonly stopsBefore: number;
  tokens: number;
  finishReason?: string | null;
  provenance?: Provenance;
  error?: string;
}

/** The instances `usage.tsukimi` names. */
interface Provenance {
  readonly prefill_instance: string;
  readonly decode_instance: string;
}

const IN_FLIGHT = 4;
const MAX_TOKENS = 24;
/** Requests that must finish after each stop before the next step: enough to cross the conductor's 200 ms probe. */
const AFTER_STOP = 12;

/**
 * A steady stream of `IN_FLIGHT` concurrent streamed completions through the official client,
 * each one recorded, until `stop()` is called; then resolves once every worker's last one ended.
 */
class SteadyLoad {
  readonly sent: Sent[] = [];
  readonly inFlight = new Set<Sent>();
  stops = 0;
  private running = true;
  private readonly workers: Promise<void>[];

  constructor(private readonly client: OpenAI, private readonly model: string) {
    this.workers = Array.from({ length: IN_FLIGHT }, () => this.work());
  }

  static on(cluster: ClusterUnderTest): SteadyLoad {
    return new SteadyLoad(new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 }), cluster.modelId);
  }

  finishedSince(stops: number): number {
    return this.sent.filter((s) => s.stopsBefore >= stops && !this.inFlight.has(s)).length;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) await this.one();
  }

  private async one(): Promise<void> {
    const sent: Sent = { id: this.sent.length, stopsBefore: this.stops, tokens: 0 };
    this.sent.push(sent);
    this.inFlight.add(sent);
    try {
      const body = { model: this.model, prompt: text(96, sent.id), max_tokens: MAX_TOKENS, temperature: 0, ignore_eos: true, stream: true, stream_options: { include_usage: true } };
      const stream = await this.client.completions.create(body as OpenAI.CompletionCreateParamsStreaming);
      for await (const chunk of stream) {
        for (const choice of chunk.choices) {
          if (choice.finish_reason) sent.finishReason = choice.finish_reason;
        }
        const usage = chunk.usage as (OpenAI.CompletionUsage & { tsukimi?: Provenance }) | null | undefined;
        if (usage) sent.tokens = usage.completion_tokens;
        if (usage?.tsukimi) sent.provenance = usage.tsukimi;
      }
    } catch (error) {
      sent.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.inFlight.delete(sent);
    }
  }
}

/** A request that did not end as every request here must: all its tokens, a finish reason, and where it ran. */
function unfinished(s: Sent): boolean {
  return s.error !== undefined || s.finishReason !== 'length' || s.tokens !== MAX_TOKENS || !s.provenance;
}

/** Polls `done` until it holds; throws naming `what` after `timeoutMs`. */
async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setTimeout(resolve, 20));
  }
}

/** The cluster of one describe block: started before its tests, stopped after them. */
function clusterForBlock(options: ClusterUnderTestOptions): () => ClusterUnderTest {
  let cluster: ClusterUnderTest | undefined;
  beforeAll(async () => {
    cluster = await ClusterUnderTest.start(options);
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);
  return () => {
    if (!cluster) throw new Error('the cluster did not start');
    return cluster;
  };
}

describe('an instance stopped gracefully under load', () => {
  const started = clusterForBlock({ prefill: 2, decode: 2 });

  it('leaves the routing set: every request succeeds, in-flight ones finish, nothing new reaches it, and it exits 0', async () => {
    const cluster = started();
    const load = SteadyLoad.on(cluster);
    const stopped: { id: string; role: 'prefill' | 'decode'; inFlight: Sent[] }[] = [];
    try {
      const steps = [
        { role: 'decode', instance: cluster.decode[0]!, id: 'decode-0', left: { prefill: 2, decode: 1 } },
        { role: 'prefill', instance: cluster.prefill[0]!, id: 'prefill-0', left: { prefill: 1, decode: 1 } },
      ] as const;
      for (const { role, instance, id, left } of steps) {
        await until(`requests finished before stopping ${id}`, () => load.finishedSince(load.stops) >= AFTER_STOP);
        // Signalled while the instance holds a request, so that its drain has work to finish.
        await cluster.waitForMetric(instance, `tsukimi_instance_active_sequences{role="${role}"}`, (n) => n >= 1);
        stopped.push({ id, role, inFlight: [...load.inFlight] });
        load.stops++;
        instance.signal('SIGTERM');
        expect(await instance.waitForExit(20_000)).toEqual({ code: 0, signal: null });
        await cluster.waitForRoutable(left);
        await until(`requests finished after stopping ${id}`, () => load.finishedSince(load.stops) >= AFTER_STOP);
      }
    } finally {
      await load.stop();
    }

    expect(load.sent.filter(unfinished)).toEqual([]);
    expect(load.sent.length).toBeGreaterThanOrEqual(3 * AFTER_STOP);
    for (const [i, { id, role, inFlight }] of stopped.entries()) {
      const servedBy = (s: Sent) => (role === 'decode' ? s.provenance?.decode_instance : s.provenance?.prefill_instance);
      expect(inFlight.length).toBeGreaterThan(0);
      expect(inFlight.every((s) => s.finishReason === 'length')).toBe(true);
      expect(load.sent.filter((s) => s.stopsBefore > i && servedBy(s) === id).map((s) => s.id)).toEqual([]);
      expect(inFlight.filter((s) => servedBy(s) === id).length).toBeGreaterThan(0);
    }
  }, 120_000);
});

describe('two decode instances stopped together under load', () => {
  const started = clusterForBlock({ prefill: 1, decode: 3 });

  // A rolling update or a node drain: a request may meet both draining instances in turn before the conductor's probe sees either gone.
  it('loses no request: each one refused by both is served by the instance left', async () => {
    const cluster = started();
    const load = SteadyLoad.on(cluster);
    const stopping = [cluster.decode[0]!, cluster.decode[1]!];
    try {
      await until('requests finished before the stop', () => load.finishedSince(0) >= AFTER_STOP);
      load.stops++;
      for (const instance of stopping) instance.signal('SIGTERM');
      for (const instance of stopping) expect(await instance.waitForExit(20_000)).toEqual({ code: 0, signal: null });
      await cluster.waitForRoutable({ prefill: 1, decode: 1 });
      await until('requests finished after the stop', () => load.finishedSince(1) >= AFTER_STOP);
    } finally {
      await load.stop();
    }

    expect(load.sent.filter(unfinished)).toEqual([]);
    expect(load.sent.filter((s) => s.stopsBefore > 0 && s.provenance?.decode_instance !== 'decode-2').map((s) => s.id)).toEqual([]);
  }, 120_000);
});
