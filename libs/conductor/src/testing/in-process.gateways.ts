import { type GeneratedToken } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { type DecodeBatcher, type PrefillWorker, type PrefixWarmer } from '@tsukimi/serving';
import { type DecodeCall, type DecodeEvent, type DecodeGateway, type GatewayFailure, type PrefetchCall, type PrefillAnswer, type PrefillCall, type PrefillGateway } from '../gateway.ports';
import { type WarmAnswer, type WarmCall, type WarmGateway } from '../warm/warm.port';

/**
 * Gateways that call real prefill workers, prefix warmers and decode batchers in this process,
 * for testing the pipeline's logic; `dead` instances answer as an unreachable process would, a
 * decode instance in `dieAfterTokens` fails its stream after that many tokens, one in `silent`
 * times out before its first event (as a paused process does past the idle timeout), and a
 * request in `heldPrefills` stays in flight on its prefill instance until released.
 */
export class InProcessGateways implements PrefillGateway, DecodeGateway, WarmGateway {
  readonly dead = new Set<string>();
  readonly dieAfterTokens = new Map<string, number>();
  readonly silent = new Set<string>();
  readonly calls: string[] = [];
  /** Prefill calls of these request ids compute only once their promise settles. */
  readonly heldPrefills = new Map<string, Promise<void>>();

  constructor(
    private readonly prefillWorkers: ReadonlyMap<string, PrefillWorker>,
    private readonly decodeBatchers: ReadonlyMap<string, DecodeBatcher>,
    private readonly prefixWarmers: ReadonlyMap<string, PrefixWarmer> = new Map(),
  ) {}

  async prefill(instance: InstanceId, call: PrefillCall): Promise<Result<PrefillAnswer, GatewayFailure>> {
    this.calls.push(`prefill:${instance}`);
    const worker = this.prefillWorkers.get(instance);
    if (!worker || this.dead.has(instance)) return err({ kind: 'unavailable', message: `${instance} is unreachable` });
    await this.heldPrefills.get(call.requestId);
    const done = await worker.prefill(call);
    if (!done.ok) return err({ kind: 'failed', message: done.error.kind });
    const { first, blockKeys, computedTokens, reused, plan, handoff } = done.value;
    return ok({ instanceId: instance, first, blockKeys, computedTokens, reused, plan, handoff });
  }

  async warm(instance: InstanceId, call: WarmCall): Promise<Result<WarmAnswer, GatewayFailure>> {
    this.calls.push(`warm:${instance}`);
    const warmer = this.prefixWarmers.get(instance);
    if (!warmer || this.dead.has(instance)) return err({ kind: 'unavailable', message: `${instance} is unreachable` });
    const warmed = await warmer.warm(call);
    if (!warmed.ok) return err({ kind: 'rejected', message: warmed.error.message });
    return ok({ heldBlocks: warmed.value.heldBlocks, loadedBlocks: warmed.value.loaded.dram + warmed.value.loaded.ssd });
  }

  prefetch(instance: InstanceId, call: PrefetchCall): void {
    if (!this.dead.has(instance)) this.decodeBatchers.get(instance)?.prefetch(call);
  }

  async *decode(instance: InstanceId, call: DecodeCall, signal: AbortSignal): AsyncIterable<Result<DecodeEvent, GatewayFailure>> {
    this.calls.push(`decode:${instance}`);
    if (signal.aborted) {
      yield err({ kind: 'failed', message: 'the caller went away before decode began' });
      return;
    }
    const batcher = this.decodeBatchers.get(instance);
    if (!batcher || this.dead.has(instance)) {
      yield err({ kind: 'unavailable', message: `${instance} is unreachable` });
      return;
    }
    if (this.silent.has(instance)) {
      yield err({ kind: 'timeout', message: `${instance} went silent` });
      return;
    }
    const queue: (GeneratedToken | GatewayFailure)[] = [];
    let wake: (() => void) | undefined;
    const push = (item: GeneratedToken | GatewayFailure) => {
      queue.push(item);
      wake?.();
    };
    const started = await batcher.start(call, { token: push, fail: (f) => push({ kind: 'failed', message: f.kind }) });
    if (!started.ok) {
      yield err({ kind: 'rejected', message: started.error.kind });
      return;
    }
    // As a cancelled gRPC stream ends with an error, the caller's abort ends this one.
    signal.addEventListener(
      'abort',
      () => {
        started.value.cancel();
        push({ kind: 'failed', message: 'cancelled by the caller' });
      },
      { once: true },
    );
    const { loadedTokens, computedTokens, reused, firstToken } = started.value.started;
    yield ok({ kind: 'started', instanceId: instance, loadedTokens, computedTokens, reused });
    if (firstToken) queue.unshift(firstToken);
    let sent = 0;
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const item = queue.shift()!;
      if ('kind' in item) {
        yield err(item);
        return;
      }
      if (this.dieAfterTokens.get(instance) === sent) {
        started.value.cancel();
        yield err({ kind: 'unavailable', message: `${instance} died mid-stream` });
        return;
      }
      sent++;
      yield ok({ kind: 'token', token: item });
      if (item.finishReason) return;
    }
  }
}
