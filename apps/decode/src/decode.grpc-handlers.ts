import { type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, status } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { type Engine } from '@tsukimi/engine';
import { countBlockRejects, countPromptTokens, describeInstance, loadWatchHandler } from '@tsukimi/instance-kit';
import { type BlockKey } from '@tsukimi/kv-block';
import { type DecodeEvent, type DecodeRequest__Output, decodeRelayCodec, type DescribeRequest__Output, generationFromWire, type InstanceDescription, type PrefetchReply, type PrefetchRequest__Output, tokenToWire } from '@tsukimi/proto';
import { type DecodeBatcher, type DecodeFailure, type DeviceTierLog, type EngineTimings, TokenBatchWriter } from '@tsukimi/serving';
import { abortSignalOf, Metrics, ServiceLifecycle, traceparentOf } from '@tsukimi/service-kit';
import { type RelayHandler } from '@tsukimi/transfer';
import { DEVICE_LOG, ENGINE_TIMINGS, DECODE_BATCHER, ENGINE, INSTANCE_ID } from './decode.tokens';
import { DecodeTrace } from './decode.trace';

/** The Decode gRPC service: one server stream per request, fed by the continuous batch. */
@Injectable()
export class DecodeGrpcHandlers {
  constructor(
    @Inject(DECODE_BATCHER) private readonly batcher: DecodeBatcher,
    @Inject(ENGINE) private readonly engine: Engine,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    @Inject(DEVICE_LOG) private readonly deviceLog: DeviceTierLog,
    @Inject(ENGINE_TIMINGS) private readonly timings: EngineTimings,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(ServiceLifecycle) private readonly lifecycle: ServiceLifecycle,
  ) {}

  /** The port the token relay listens on, reported in Describe; 0 while there is none. */
  relayPort = 0;

  handlers() {
    return { decode: this.decode.bind(this), prefetch: this.prefetch.bind(this), describe: this.describe.bind(this), watchLoad: loadWatchHandler((epoch, afterId) => this.description(epoch, afterId), this.lifecycle.drainSignal) };
  }

  decode(call: ServerWritableStream<DecodeRequest__Output, DecodeEvent>): Promise<void> {
    const sink: DecodeSink = {
      write: (event) => call.write(event),
      end: () => call.end(),
      fail: (code, details) => this.fail(call, code, details),
      onDrain: (listener) => call.on('drain', listener),
      signal: abortSignalOf(call),
    };
    return this.traced(call.request, [traceparentOf(call.metadata), call.request.traceparent], sink);
  }

  /** The same stream served over the token relay: requests and events in their protobuf bytes. */
  relayHandler(): RelayHandler {
    const codec = decodeRelayCodec();
    return (request, stream) => {
      let decoded: DecodeRequest__Output;
      try {
        decoded = codec.decodeRequest(request);
      } catch (error) {
        stream.fail(status.INVALID_ARGUMENT, `the relay request is no DecodeRequest: ${(error as Error).message}`);
        return;
      }
      this.traced(decoded, [decoded.traceparent], {
        write: (event) => stream.write(codec.encodeEvent(event)),
        end: () => stream.end(),
        fail: (code, details) => stream.fail(code, details),
        onDrain: (listener) => stream.onDrain(listener),
        signal: stream.signal,
      }).catch((error: unknown) => stream.fail(status.INTERNAL, `decode failed: ${(error as Error).message}`));
    };
  }

  /** `stream` inside the caller's trace when the request carries one (and tracing is on here); as it is otherwise. */
  private traced(request: DecodeRequest__Output, traceparents: readonly (string | undefined)[], sink: DecodeSink): Promise<void> {
    const trace = DecodeTrace.of(traceparents, { 'tsukimi.instance.id': this.instanceId, 'tsukimi.request.id': request.requestId, 'tsukimi.prompt_tokens': request.promptTokens.length });
    return trace === undefined ? this.stream(request, sink) : trace.within(() => this.stream(request, trace.watch(sink)));
  }

  private async stream(request: DecodeRequest__Output, sink: DecodeSink): Promise<void> {
    const generation = generationFromWire(request.generation);
    if (!generation.ok) return sink.fail(status.INVALID_ARGUMENT, generation.error);
    const signal = sink.signal;
    const tokens = new TokenBatchWriter({
      write: (batch) => sink.write({ tokens: { tokens: batch.map(tokenToWire) } }),
      end: () => sink.end(),
    });
    sink.onDrain(() => tokens.drained());
    const started = await this.batcher.start(
      {
        requestId: request.requestId,
        promptTokens: request.promptTokens,
        tenantSalt: request.tenantSalt,
        generation: generation.value,
        ...(request.computePrompt ? {} : { firstToken: request.firstToken, continuedTokens: request.continuedTokens }),
        blockKeys: request.blockKeys as BlockKey[],
        ...(request.adapter ? { adapter: request.adapter } : {}),
      },
      {
        token: (token) => tokens.token(token),
        fail: (failure) => {
          this.metrics.get('tsukimi_instance_decode_failures_total').inc({ reason: failure.kind });
          sink.fail(status.RESOURCE_EXHAUSTED, `decode failed: ${failure.kind}`);
        },
      },
    );
    if (!started.ok) {
      this.metrics.get('tsukimi_instance_decode_failures_total').inc({ reason: started.error.kind });
      return sink.fail(codeOf(started.error), describeFailure(started.error));
    }
    if (signal.aborted) started.value.cancel();
    else signal.addEventListener('abort', () => started.value.cancel(), { once: true });
    const s = started.value.started;
    this.metrics.get('tsukimi_instance_decode_requests_total').inc();
    countPromptTokens(this.metrics, 'decode', s.computedTokens, s.reused);
    countBlockRejects(this.metrics, s.refused);
    const reused = { deviceTokens: s.reused.device, dramTokens: s.reused.dram, ssdTokens: s.reused.ssd };
    sink.write({ started: { instanceId: this.instanceId, loadedTokens: s.loadedTokens, computedTokens: s.computedTokens, fetchedBlocks: s.fetchedBlocks, reused } });
    if (s.firstToken) {
      this.metrics.get('tsukimi_instance_local_prefills_total').inc();
      tokens.token(s.firstToken);
    }
  }

  /** Begins loading the request's blocks while its prefill computes them; answers at once. */
  prefetch(call: ServerUnaryCall<PrefetchRequest__Output, PrefetchReply>, callback: sendUnaryData<PrefetchReply>): void {
    const { requestId, promptTokens, tenantSalt, adapter } = call.request;
    this.batcher.prefetch({ requestId, promptTokens, tenantSalt, blockKeys: call.request.blockKeys as BlockKey[], ...(adapter ? { adapter } : {}) });
    callback(null, {});
  }

  describe(call: ServerUnaryCall<DescribeRequest__Output, InstanceDescription>, callback: sendUnaryData<InstanceDescription>): void {
    callback(null, this.description(call.request.deviceEpoch, Number(call.request.deviceAfterId)));
  }

  private description(deviceEpoch: string, deviceAfterId: number): InstanceDescription {
    const { activeRequests, waitingRequests } = this.batcher;
    const draining = this.lifecycle.state === 'draining';
    const described = describeInstance(this.instanceId, 'decode', this.engine, { queuedRequests: waitingRequests, activeRequests, queuedTokens: 0, draining }, this.deviceLog.since(deviceEpoch, deviceAfterId), this.timings);
    return { ...described, relayPort: this.relayPort };
  }

  private fail(call: ServerWritableStream<DecodeRequest__Output, DecodeEvent>, code: status, details: string): void {
    call.emit('error', { code, details });
  }
}

/** Where one decode stream's events go: a gRPC server stream or a relay stream. */
interface DecodeSink {
  /** False while the transport's buffer is full: tokens gather until `onDrain`. */
  write(event: DecodeEvent): boolean;
  end(): void;
  fail(code: status, details: string): void;
  onDrain(listener: () => void): void;
  /** Aborted when the caller cancels or goes away. */
  readonly signal: AbortSignal;
}

function codeOf(failure: DecodeFailure): status {
  switch (failure.kind) {
    case 'draining':
      return status.UNAVAILABLE;
    case 'arena-full':
      return status.RESOURCE_EXHAUSTED;
    case 'unknown-adapter':
      return status.NOT_FOUND;
    default:
      return status.INVALID_ARGUMENT;
  }
}

function describeFailure(failure: DecodeFailure): string {
  return 'message' in failure ? `${failure.kind}: ${failure.message}` : failure.kind;
}
