import { type FinishReason } from '@tsukimi/engine';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { type DecodeEvent, type GatewayFailure } from '../gateway.ports';
import { type ConductorRequest, type DecodeMigration, type PipelineFailure, type TokenSink, tenantOf } from '../request.model';
import { type PipelineOptions } from '../request-pipeline.options';
import { type DecodeMigrationOutcome, instanceLost } from './decode-migration.policy';
import { type DecodeHandoff, DecodeProgress } from './decode-progress';
import { type FailedAttempt } from '../retry/phase-retry.policy';

type DecodeStarted = Extract<DecodeEvent, { kind: 'started' }>;
/** How a request's decode phase ended well. */
export interface Decoded {
  /** Tokens the decode instances streamed, on every instance the request ran on. */
  readonly tokens: number;
  readonly finishReason: FinishReason;
  /** The instance that streamed the last token. */
  readonly instance: string;
  /** How the first decode instance got the prompt's KV. */
  readonly started?: DecodeStarted;
  readonly migrations: readonly DecodeMigration[];
}
/** One decode instance's stream as it ended: its tokens are in the progress, whatever the outcome. */
interface DecodeLeg {
  readonly instance: string;
  readonly started?: DecodeStarted;
}

/**
 * The decode phase of one request: its stream on the instance the scheduler chose, retried on
 * another while nothing was streamed from an unreachable one and, once tokens were streamed,
 * moved to another after them when migration is on and the instance was lost.
 */
export class DecodePhase {
  constructor(
    private readonly o: PipelineOptions,
    /** Instances the phase may try. */
    private readonly attempts: () => number,
    /** Judges a failed try by the retry policy (marking a lost instance down); says whether to try another instance. */
    private readonly retry: (id: InstanceId, failed: FailedAttempt, message: string) => boolean,
  ) {}

  /**
   * Decode on `firstChoice`, elsewhere while nothing was sent from an unreachable one, and, once
   * tokens were sent, resumed on another instance after them when migration is on and the
   * instance was lost; every instance counts against the phase's attempts.
   */
  async run(
    request: ConductorRequest,
    handoff: DecodeHandoff,
    firstChoice: InstanceId,
    /** Where to try next after an unreachable decode instance, as the scheduler decides again. */
    nextDecode: () => InstanceId | undefined,
    sink: TokenSink,
    signal: AbortSignal,
  ): Promise<Result<Decoded, PipelineFailure>> {
    const progress = new DecodeProgress(handoff);
    const migrations: DecodeMigration[] = [];
    let first: DecodeStarted | undefined;
    let decodeId: InstanceId | undefined = firstChoice;
    const attempts = this.attempts();
    for (let attempt = 0; attempt < attempts && decodeId; attempt++) {
      const result = await this.decodeOn(decodeId, request, progress, sink, signal);
      const leg = result.ok ? result.value : result.error;
      if (progress.tokens > 0) first ??= leg.started;
      if (result.ok) return ok({ tokens: progress.tokens, finishReason: result.value.finishReason, instance: leg.instance, ...(first ? { started: first } : {}), migrations });
      const { failure } = result.error;
      const failed = err({ kind: 'decode-failed' as const, message: failure.message, tokensSent: progress.tokens });
      const lastAttempt = attempt + 1 === attempts;
      if (progress.tokens === 0) {
        // With migration on, an instance silent before its first token is lost too (the client may
        // have the prefill's token already): it starts afresh elsewhere.
        const timeoutIsLoss = this.o.decodeMigration === true;
        if (!this.retry(decodeId, { failure: failure.kind, attempt, attempts, timeoutIsLoss }, failure.message)) return failed;
        decodeId = nextDecode();
        continue;
      }
      // A caller gone is no instance lost: nothing to move, nothing to count.
      if (signal.aborted) return failed;
      const moved = this.migration(decodeId, failure, lastAttempt, nextDecode);
      this.o.onDecodeMigration?.(moved.outcome);
      if (!moved.next) return failed;
      migrations.push({ fromInstance: leg.instance, afterTokens: progress.generated });
      decodeId = moved.next;
    }
    return err({ kind: 'decode-failed', message: 'no decode instance answered', tokensSent: progress.tokens });
  }

  /** Where a request whose decode instance failed after sending tokens goes on, if anywhere; a lost instance is marked down. */
  private migration(id: InstanceId, failure: GatewayFailure, lastAttempt: boolean, nextDecode: () => InstanceId | undefined): { outcome: DecodeMigrationOutcome; next?: InstanceId } {
    if (!instanceLost(failure)) return { outcome: 'not-migratable' };
    this.o.registry.markDown(id, failure.message);
    if (!this.o.decodeMigration) return { outcome: 'disabled' };
    const next = lastAttempt ? undefined : nextDecode();
    return next ? { outcome: 'migrated', next } : { outcome: 'no-instance' };
  }

  /** One decode instance's stream, resuming after the tokens `progress` holds; what it streams is recorded there and sent to the sink. */
  private async decodeOn(
    id: InstanceId,
    request: ConductorRequest,
    progress: DecodeProgress,
    sink: TokenSink,
    signal: AbortSignal,
  ): Promise<Result<DecodeLeg & { readonly finishReason: FinishReason }, DecodeLeg & { readonly failure: GatewayFailure }>> {
    const generated = Math.max(1, progress.generated);
    this.o.registry.beginDecode(id, request.requestId, { contextTokens: request.promptTokens.length + generated, remainingTokens: Math.max(0, request.generation.maxTokens - generated) }, tenantOf(request));
    const handoff = progress.handoff();
    if (handoff.firstToken === undefined) this.o.registry.beginLocalPrefill(id, request.requestId, { promptTokens: request.promptTokens.length + (handoff.continuedTokens?.length ?? 0), reusedTokens: 0 });
    // The id the instance reports, known from its probes before its stream says it.
    let instance = this.o.registry.state(id)?.facts?.reportedId ?? String(id);
    let started: DecodeStarted | undefined;
    const call = {
      ...request,
      blockKeys: handoff.blockKeys,
      ...(handoff.firstToken === undefined ? {} : { firstToken: handoff.firstToken }),
      ...(handoff.continuedTokens?.length ? { continuedTokens: handoff.continuedTokens } : {}),
    };
    const leg = () => ({ instance, ...(started ? { started } : {}) });
    try {
      for await (const event of this.o.decode.decode(id, call, signal)) {
        if (!event.ok) return err({ ...leg(), failure: event.error });
        if (event.value.kind === 'started') {
          started = event.value;
          instance = event.value.instanceId;
          continue;
        }
        progress.record(event.value.token.token);
        this.o.registry.decodedToken(id, request.requestId);
        sink.token(event.value.token);
        if (event.value.token.finishReason) return ok({ ...leg(), finishReason: event.value.token.finishReason });
      }
      return err({ ...leg(), failure: { kind: 'failed', message: 'the decode stream ended without a finish reason' } });
    } finally {
      this.o.registry.endDecode(id, request.requestId, tenantOf(request));
    }
  }
}
