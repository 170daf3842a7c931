import OpenAI from 'openai';
import { type ClusterUnderTest } from './cluster-under-test';
import { promptText } from './prompt-text';

/** One streamed request as the client saw it: `stopsBefore` counts the stops already signalled when it was sent. */
export interface Sent {
  readonly id: number;
  readonly stopsBefore: number;
  /** Which of the load's prompts it sent. */
  readonly promptIndex: number;
  tokens: number;
  text: string;
  finishReason?: string | null;
  provenance?: LoadProvenance;
  error?: string;
  /** When it ended, by `performance.now()`. */
  endedMs?: number;
}

/** The instances `usage.tsukimi` names. */
export interface LoadProvenance {
  readonly prefill_instance: string;
  readonly decode_instance: string;
}

export interface SteadyLoadOptions {
  /** Concurrent streams: 4 when absent. */
  readonly inFlight?: number;
  readonly maxTokens?: number;
  /** The prompt of request `id`: a fresh 96-character prompt each when absent. */
  readonly prompt?: (id: number) => { readonly index: number; readonly text: string };
  /**
   * How long a worker waits after a request that failed before sending the next, as a client
   * backs off: while nothing listens, failures are counted without spinning the machine.
   */
  readonly pauseAfterErrorMs?: number;
}

/**
 * A steady stream of concurrent greedy streamed completions through the official client, each
 * one recorded, until `stop()` is called; then resolves once every worker's last one ended.
 */
export class SteadyLoad {
  readonly sent: Sent[] = [];
  readonly inFlight = new Set<Sent>();
  stops = 0;
  private running = true;
  private readonly workers: Promise<void>[];

  constructor(
    private readonly client: OpenAI,
    private readonly model: string,
    private readonly options: SteadyLoadOptions = {},
  ) {
    this.workers = Array.from({ length: options.inFlight ?? 4 }, () => this.work());
  }

  static on(cluster: ClusterUnderTest, options: SteadyLoadOptions = {}): SteadyLoad {
    return new SteadyLoad(new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 }), cluster.modelId, options);
  }

  get maxTokens(): number {
    return this.options.maxTokens ?? 24;
  }

  finishedSince(stops: number): number {
    return this.sent.filter((s) => s.stopsBefore >= stops && !this.inFlight.has(s)).length;
  }

  /** Requests sent after `stops` stops that ended with every token. */
  succeededSince(stops: number): number {
    return this.sent.filter((s) => s.stopsBefore >= stops && !this.inFlight.has(s) && !this.unfinished(s)).length;
  }

  /** A request that did not end as a served one must: all its tokens, a finish reason, and where it ran. */
  unfinished(s: Sent): boolean {
    return s.error !== undefined || s.finishReason !== 'length' || s.tokens !== this.maxTokens || !s.provenance;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.workers);
  }

  private async work(): Promise<void> {
    while (this.running) {
      const sent = await this.one();
      if (sent.error !== undefined && this.options.pauseAfterErrorMs !== undefined) {
        await new Promise<void>((resolve) => setTimeout(resolve, this.options.pauseAfterErrorMs));
      }
    }
  }

  private async one(): Promise<Sent> {
    const id = this.sent.length;
    const prompt = this.options.prompt?.(id) ?? { index: id, text: promptText(96, id) };
    const sent: Sent = { id, stopsBefore: this.stops, promptIndex: prompt.index, tokens: 0, text: '' };
    this.sent.push(sent);
    this.inFlight.add(sent);
    try {
      const body = { model: this.model, prompt: prompt.text, max_tokens: this.maxTokens, temperature: 0, ignore_eos: true, stream: true, stream_options: { include_usage: true } };
      const stream = await this.client.completions.create(body as OpenAI.CompletionCreateParamsStreaming);
      for await (const chunk of stream) {
        for (const choice of chunk.choices) {
          sent.text += choice.text;
          if (choice.finish_reason) sent.finishReason = choice.finish_reason;
        }
        const usage = chunk.usage as (OpenAI.CompletionUsage & { tsukimi?: LoadProvenance }) | null | undefined;
        if (usage) sent.tokens = usage.completion_tokens;
        if (usage?.tsukimi) sent.provenance = usage.tsukimi;
      }
    } catch (error) {
      sent.error = error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
    } finally {
      sent.endedMs = performance.now();
      this.inFlight.delete(sent);
    }
    return sent;
  }
}
