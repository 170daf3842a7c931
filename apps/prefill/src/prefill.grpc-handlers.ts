import { type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, status } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { type Engine } from '@tsukimi/engine';
import { countBlockRejects, countPlanOutcome, countPromptTokens, describeInstance, loadWatchHandler } from '@tsukimi/instance-kit';
import {
  type DescribeRequest__Output,
  generationFromWire,
  type InstanceDescription,
  planFromWire,
  planOutcomeToWire,
  type PrefillEvent,
  type PrefillRequest__Output,
  prefillRelayCodec,
  tokenToWire,
  type WarmReply,
  type WarmRequest__Output,
} from '@tsukimi/proto';
import { type BlockKey, parseBlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type DeviceTierLog, type EngineTimings, type PrefillWorker, type PrefixWarmer } from '@tsukimi/serving';
import { LOGGER, Metrics, ServiceLifecycle, traceparentOf } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { type RelayHandler } from '@tsukimi/transfer';
import { DEVICE_LOG, ENGINE_TIMINGS, ENGINE, INSTANCE_ID, PREFILL_WORKER, PREFIX_WARMER } from './prefill.tokens';
import { PrefillTrace } from './prefill.trace';

/**
 * Blocks one Warm may name. A longer prefix is past any context an engine serves, and each key
 * costs a pool read while the instance's one thread waits on it.
 */
const MAX_WARM_KEYS = 4096;

/** The Prefill gRPC service: maps the wire to the worker and back, and counts what happened. */
@Injectable()
export class PrefillGrpcHandlers {
  constructor(
    @Inject(PREFILL_WORKER) private readonly worker: PrefillWorker,
    @Inject(PREFIX_WARMER) private readonly warmer: PrefixWarmer,
    @Inject(ENGINE) private readonly engine: Engine,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    @Inject(DEVICE_LOG) private readonly deviceLog: DeviceTierLog,
    @Inject(ENGINE_TIMINGS) private readonly timings: EngineTimings,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(ServiceLifecycle) private readonly lifecycle: ServiceLifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  handlers() {
    return {
      prefill: this.prefill.bind(this),
      describe: this.describe.bind(this),
      watchLoad: loadWatchHandler((epoch, afterId) => this.description(epoch, afterId), this.lifecycle.drainSignal),
      warm: this.warm.bind(this),
    };
  }

  /** The port the relay listens on, reported in Describe; 0 while there is none. */
  relayPort = 0;

  prefill(call: ServerWritableStream<PrefillRequest__Output, PrefillEvent>): Promise<void> {
    return this.traced(call.request, [traceparentOf(call.metadata), call.request.traceparent], {
      write: (event) => call.write(event),
      end: () => call.end(),
      fail: (code, details) => void call.emit('error', { code, details }),
    });
  }

  /**
   * The same stream served over the relay: requests and events in their protobuf bytes. A draining
   * instance refuses new streams as unavailable, as its gRPC server does, so the caller goes to another.
   */
  relayHandler(): RelayHandler {
    const codec = prefillRelayCodec();
    return (request, stream) => {
      const state = this.lifecycle.state;
      if (state === 'draining' || state === 'stopped') return stream.fail(status.UNAVAILABLE, `the prefill instance is ${state}`);
      let decoded: PrefillRequest__Output;
      try {
        decoded = codec.decodeRequest(request);
      } catch (error) {
        return stream.fail(status.INVALID_ARGUMENT, `the relay request is no PrefillRequest: ${(error as Error).message}`);
      }
      this.traced(decoded, [decoded.traceparent], {
        write: (event) => stream.write(codec.encodeEvent(event)),
        end: () => stream.end(),
        fail: (code, details) => stream.fail(code, details),
      }).catch((error: unknown) => stream.fail(status.INTERNAL, `prefill failed: ${(error as Error).message}`));
    };
  }

  /** `sink` inside the caller's trace when the request carries one (and tracing is on here); as it is otherwise. */
  private async traced(request: PrefillRequest__Output, traceparents: readonly (string | undefined)[], sink: PrefillSink): Promise<void> {
    const trace = PrefillTrace.of(traceparents, { 'tsukimi.instance.id': this.instanceId, 'tsukimi.request.id': request.requestId, 'tsukimi.prompt_tokens': request.promptTokens.length });
    if (trace === undefined) return this.run(request, sink, undefined);
    try {
      await trace.within(() => this.run(request, sink, trace));
    } finally {
      trace.end();
    }
  }

  private async run(request: PrefillRequest__Output, sink: PrefillSink, trace: PrefillTrace | undefined): Promise<void> {
    const generation = generationFromWire(request.generation);
    if (!generation.ok) return sink.fail(status.INVALID_ARGUMENT, generation.error);
    const plan = planFromWire(request.plan);
    if (!plan.ok) return sink.fail(status.INVALID_ARGUMENT, plan.error);
    const done = await this.worker.prefill({
      requestId: request.requestId,
      promptTokens: request.promptTokens,
      tenantSalt: request.tenantSalt,
      generation: generation.value,
      skipPoolFetch: request.skipPoolFetch,
      ...(request.adapter ? { adapter: request.adapter } : {}),
      ...(plan.value ? { plan: plan.value } : {}),
    });
    if (!done.ok) {
      this.metrics.get('tsukimi_instance_prefill_failures_total').inc({ reason: done.error.kind });
      trace?.failed(done.error.kind);
      const code = done.error.kind === 'arena-full' ? status.RESOURCE_EXHAUSTED : done.error.kind === 'unknown-adapter' ? status.NOT_FOUND : status.INVALID_ARGUMENT;
      return sink.fail(code, `prefill failed: ${'message' in done.error ? done.error.message : done.error.kind}`);
    }
    const d = done.value;
    this.metrics.get('tsukimi_instance_prefill_requests_total').inc();
    countPromptTokens(this.metrics, 'prefill', d.computedTokens, d.reused);
    countPlanOutcome(this.metrics, d.plan);
    this.metrics.get('tsukimi_instance_prefill_seconds').observe(d.timings.computeMs / 1000);
    countBlockRejects(this.metrics, d.refused);
    trace?.computed(d);
    sink.write({
      computed: {
        instanceId: this.instanceId,
        first: tokenToWire(d.first),
        blockKeys: [...d.blockKeys],
        promptTokens: d.promptTokens,
        computedTokens: d.computedTokens,
        reused: { deviceTokens: d.reused.device, dramTokens: d.reused.dram, ssdTokens: d.reused.ssd },
        queueMs: 0,
        computeMs: d.timings.computeMs,
        transferMs: d.timings.fetchMs,
        planOutcome: planOutcomeToWire(d.plan),
      },
    });
    const handoff = await d.handoff;
    trace?.stored(handoff.storedBlocks, handoff.storeFailed);
    if (handoff.storeFailed) this.logger.warn('pool store failed; decode will recompute', { requestId: request.requestId });
    sink.write({ stored: { storedBlocks: handoff.storedBlocks, storeFailed: handoff.storeFailed, transferMs: handoff.storeMs } });
    sink.end();
  }

  async warm(call: ServerUnaryCall<WarmRequest__Output, WarmReply>, callback: sendUnaryData<WarmReply>): Promise<void> {
    const keys = parseWarmKeys(call.request.blockKeys);
    if (!keys.ok) return void callback({ code: status.INVALID_ARGUMENT, details: keys.error });
    const { promptTokens, tenantSalt, adapter } = call.request;
    const warmed = await this.warmer.warm({ blockKeys: keys.value, promptTokens, tenantSalt, ...(adapter ? { adapter } : {}) });
    if (!warmed.ok) return void callback({ code: warmed.error.kind === 'keys-mismatch' ? status.INVALID_ARGUMENT : status.NOT_FOUND, details: warmed.error.message });
    const { heldBlocks, loaded, refused } = warmed.value;
    for (const tier of ['dram', 'ssd'] as const) this.metrics.get('tsukimi_instance_warmed_blocks_total').inc({ tier }, loaded[tier]);
    countBlockRejects(this.metrics, refused);
    callback(null, { instanceId: this.instanceId, heldBlocks, loadedBlocks: loaded.dram + loaded.ssd, refusedBlocks: refused.length });
  }

  describe(call: ServerUnaryCall<DescribeRequest__Output, InstanceDescription>, callback: sendUnaryData<InstanceDescription>): void {
    callback(null, this.description(call.request.deviceEpoch, Number(call.request.deviceAfterId)));
  }

  private description(deviceEpoch: string, deviceAfterId: number): InstanceDescription {
    const load = this.worker.load();
    const facts = { queuedRequests: load.queuedRequests, activeRequests: load.activeRequests, queuedTokens: load.activeTokens, draining: this.lifecycle.state === 'draining' };
    return { ...describeInstance(this.instanceId, 'prefill', this.engine, facts, this.deviceLog.since(deviceEpoch, deviceAfterId), this.timings), relayPort: this.relayPort };
  }
}

/** Where one prefill stream's two events go: a gRPC server stream or a relay stream. */
interface PrefillSink {
  write(event: PrefillEvent): void;
  end(): void;
  fail(code: status, details: string): void;
}

function parseWarmKeys(texts: readonly string[]): Result<BlockKey[], string> {
  if (texts.length > MAX_WARM_KEYS) return err(`block_keys: at most ${MAX_WARM_KEYS}, got ${texts.length}`);
  const keys: BlockKey[] = [];
  for (const text of texts) {
    const key = parseBlockKey(text);
    if (!key.ok) return err(`block_keys[${keys.length}]: expected 16 hex digits, got "${text.slice(0, 40)}"`);
    keys.push(key.value);
  }
  return ok(keys);
}
