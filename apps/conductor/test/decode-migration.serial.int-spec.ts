import OpenAI from 'openai';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

/** Long enough that a stream is still generating when the test has found its decode instance and stopped it. */
const MAX_TOKENS = 600;
/** Tokens a stream delivers before its decode instance is stopped. */
const TOKENS_BEFORE_FAULT = 8;
/**
 * Short, so that a paused instance's stream counts as dead soon, yet long past the gaps between
 * tokens (milliseconds) on a loaded machine, so that no healthy stream counts as dead.
 */
const IDLE_TIMEOUT_MS = 5000;
const ACTIVE = 'tsukimi_instance_active_sequences{role="decode"}';

type Sampling = { readonly temperature: number; readonly seed?: number; readonly frequency_penalty?: number };
const GREEDY: Sampling = { temperature: 0 };
const SEEDED: Sampling = { temperature: 0.8, seed: 1234, frequency_penalty: 0.3 };

interface Streamed {
  readonly text: string;
  readonly finishReason: string | null | undefined;
  readonly completionTokens: number | undefined;
  readonly tsukimi: { readonly decode_instance?: string; readonly decode_migrations?: { from_instance: string; after_tokens: number }[] } | undefined;
}

/**
 * One streamed completion through `conductor`; after `TOKENS_BEFORE_FAULT` chunks, `fault` runs
 * (nothing reads the stream meanwhile; the instance goes on generating).
 */
async function stream(conductor: ServiceProcess, model: string, prompt: string, sampling: Sampling, fault?: () => Promise<void>): Promise<Streamed> {
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${conductor.httpPort}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 120_000 });
  const body = { model, prompt, max_tokens: MAX_TOKENS, ignore_eos: true, stream: true, stream_options: { include_usage: true }, ...sampling };
  const chunks = await client.completions.create(body as OpenAI.CompletionCreateParamsStreaming);
  let out = '';
  let finishReason: string | null | undefined;
  let usage: (OpenAI.CompletionUsage & { tsukimi?: Streamed['tsukimi'] }) | undefined;
  let received = 0;
  for await (const chunk of chunks) {
    for (const choice of chunk.choices) {
      out += choice.text;
      finishReason = choice.finish_reason ?? finishReason;
    }
    if (chunk.usage) usage = chunk.usage;
    if (chunk.choices.length > 0 && ++received === TOKENS_BEFORE_FAULT) await fault?.();
  }
  return { text: out, finishReason, completionTokens: usage?.completion_tokens, tsukimi: usage?.tsukimi };
}

/** The decode instance generating for the one stream in flight: the one holding a sequence. */
async function servingDecode(cluster: ClusterUnderTest, decode: readonly ServiceProcess[]): Promise<number> {
  // An instance killed before answers nothing: it holds nothing.
  const active = await Promise.all(decode.map((d) => cluster.metric(d, ACTIVE).catch(() => 0)));
  const serving = active.findIndex((n) => n > 0);
  expect(active.filter((n) => n > 0)).toHaveLength(1);
  return serving;
}

const migrations = (outcome: string) => `tsukimi_conductor_decode_migrations_total{outcome="${outcome}"}`;

describe('a decode instance lost mid-stream', () => {
  let cluster: ClusterUnderTest;
  const paused = new Set<ServiceProcess>();
  let decodeUp = 3;
  const prompt = text(48, 21);
  const uninterrupted = new Map<Sampling, Streamed>();

  beforeAll(async () => {
    // Three decode instances: each SIGKILL below leaves one fewer, and the last request still has one to move to.
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: decodeUp, conductorArgs: ['--decode-idle-timeout-ms', String(IDLE_TIMEOUT_MS)] });
    for (const sampling of [GREEDY, SEEDED]) uninterrupted.set(sampling, await stream(cluster.conductor, cluster.modelId, prompt, sampling));
  }, 120_000);

  // A test that failed with an instance paused leaves it running for the next: it is still the cluster's.
  afterEach(() => {
    for (const service of paused) resume(service);
  });

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  function pause(service: ServiceProcess): void {
    service.signal('SIGSTOP');
    paused.add(service);
  }

  function resume(service: ServiceProcess): void {
    service.signal('SIGCONT');
    paused.delete(service);
  }

  it('the uninterrupted runs stream every token asked for', () => {
    for (const run of uninterrupted.values()) {
      expect(run).toMatchObject({ finishReason: 'length', completionTokens: MAX_TOKENS });
      expect(run.tsukimi?.decode_migrations).toBeUndefined();
    }
  });

  it('SIGSTOPped, the stream goes silent past the idle timeout and resumes elsewhere; the paused instance is marked down and a stream on another is unaffected', async () => {
    const migratedBefore = await cluster.metric(cluster.conductor, migrations('migrated'));
    let stopped = -1;
    let beside: Promise<Streamed> | undefined;
    const run = await stream(cluster.conductor, cluster.modelId, prompt, GREEDY, async () => {
      stopped = await servingDecode(cluster, cluster.decode);
      // A second stream, on an instance left (least loaded), runs through the pause.
      beside = stream(cluster.conductor, cluster.modelId, prompt, SEEDED);
      pause(cluster.decode[stopped]!);
    });
    expect(run.text).toBe(uninterrupted.get(GREEDY)!.text);
    expect(run).toMatchObject({ finishReason: 'length', completionTokens: MAX_TOKENS });
    expect(run.tsukimi?.decode_migrations?.[0]).toEqual({ from_instance: `decode-${stopped}`, after_tokens: expect.any(Number) });
    const other = await beside!;
    expect(other.text).toBe(uninterrupted.get(SEEDED)!.text);
    expect(other.tsukimi?.decode_instance).not.toBe(`decode-${stopped}`);
    expect(other.tsukimi?.decode_migrations).toBeUndefined();
    expect(await cluster.metric(cluster.conductor, migrations('migrated'))).toBe(migratedBefore + run.tsukimi!.decode_migrations!.length);
    // Down while paused: the conductor routes to the other decode instances alone, until it answers again.
    await cluster.waitForRoutable({ prefill: 1, decode: decodeUp - 1 });
    resume(cluster.decode[stopped]!);
    await cluster.waitForRoutable({ prefill: 1, decode: decodeUp });
  }, 120_000);

  it('with --decode-migration=false, the stream of a paused instance ends with an error event instead', async () => {
    const conductor = await cluster.conductorBeside('always', ['--decode-migration=false', '--decode-idle-timeout-ms', String(IDLE_TIMEOUT_MS)]);
    try {
      let stopped = -1;
      const run = stream(conductor, cluster.modelId, prompt, GREEDY, async () => {
        stopped = await servingDecode(cluster, cluster.decode);
        pause(cluster.decode[stopped]!);
      });
      await expect(run).rejects.toThrow();
      expect(await cluster.metric(conductor, migrations('disabled'))).toBe(1);
      expect(await cluster.metric(conductor, migrations('migrated'))).toBe(0);
      resume(cluster.decode[stopped]!);
      await cluster.waitForRoutable({ prefill: 1, decode: decodeUp });
    } finally {
      // Killed, not drained: this conductor's own shutdown is not what the test is about.
      conductor.kill();
      await conductor.waitForExit(20_000).catch(() => undefined);
    }
  }, 120_000);

  it.each([
    ['greedy', GREEDY],
    ['seeded, temperature 0.8', SEEDED],
  ])('%s: SIGKILLed, the request resumes on another decode instance and its text equals the uninterrupted run\'s', async (_name, sampling) => {
    const migratedBefore = await cluster.metric(cluster.conductor, migrations('migrated'));
    let killed = -1;
    const run = await stream(cluster.conductor, cluster.modelId, prompt, sampling, async () => {
      killed = await servingDecode(cluster, cluster.decode);
      cluster.decode[killed]!.kill();
    });
    expect(run.text).toBe(uninterrupted.get(sampling)!.text);
    expect(run).toMatchObject({ finishReason: 'length', completionTokens: MAX_TOKENS });
    expect(run.tsukimi?.decode_migrations?.[0]).toEqual({ from_instance: `decode-${killed}`, after_tokens: expect.any(Number) });
    expect(run.tsukimi?.decode_instance).not.toBe(`decode-${killed}`);
    expect(await cluster.metric(cluster.conductor, migrations('migrated'))).toBe(migratedBefore + run.tsukimi!.decode_migrations!.length);
    decodeUp -= 1;
    await cluster.waitForRoutable({ prefill: 1, decode: decodeUp });
  }, 120_000);
});
