import { type FinishReason } from '@tsukimi/engine';
import { type BlockKey, type BlockKeyHasher } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId, type LocalDecision, type ScheduleDecision, type ScheduleRequest } from '@tsukimi/scheduler';
import { type PrefillPlan, type TokenReuse } from '@tsukimi/serving';
import { type GatewayFailure, type PrefillAnswer } from './gateway.ports';
import { decisionBranch } from './decision-branch';
import { DecodePhase } from './decode-migration/decode.phase';
import { chooseRun, type RunChoice, type RunChoiceRule } from './disaggregation/run-choice.policy';
import { type PrefixWait, PrefixWaiter } from './in-flight/prefix-waiter';
import { type ConductorRequest, type DecodeMigration, type PipelineFailure, type RequestProvenance, type RequestSummary, type TokenSink, tenantOf } from './request.model';
import { prefillPlanOf } from './prefill-plan.builder';
import { PrefixMatchMemo } from './prefix-match.memo';
import { LongestGapWatch } from './estimates/longest-gap.watch';
import { type FailedAttempt, phaseAttempts, type RetryPhase, retryDecision } from './retry/phase-retry.policy';
import { type PipelineOptions } from './request-pipeline.options';
import { withIgnoredCaches } from './cache-audit/ignored-caches.view';
import { auditPrefill } from './cache-audit/prefill.audit';
import { predictedReuse } from './cache-audit/reuse.prediction';

type Route = Extract<ScheduleDecision, { kind: 'route' }>;
/** Why a request runs whole on a decode instance, and where its session last went, as the shared store said. */
type LocalRunWhy = { readonly choice: RunChoice; readonly waited: PrefixWait | undefined; readonly recalled?: InstanceId | undefined };
/**
 * One request through the cluster: schedule, prefill on one instance, decode on another,
 * tokens to the sink as they come. An instance found unreachable is marked down and the
 * phase retried elsewhere while nothing has been sent. Once tokens have gone out, a decode
 * instance lost mid-stream (gone, or silent past the idle timeout) is marked down and, with
 * decode migration on, the request resumes on another decode instance after the tokens sent,
 * with the same tokens an uninterrupted run gives; otherwise it ends with an error, never a hang.
 */
export class RequestPipeline {
  private readonly waiter: PrefixWaiter | undefined;
  private readonly decodePhase: DecodePhase;

  constructor(private readonly o: PipelineOptions) {
    this.decodePhase = new DecodePhase(o, () => this.attemptsFor('decode'), (id, failed, message) => this.retry('decode', id, failed, message));
    const rule = o.prefixWait;
    if (!rule?.enabled) return;
    const scheduler = o.scheduler;
    this.waiter = new PrefixWaiter({
      rule,
      prefixes: o.registry.index,
      ...(scheduler.prefillMs ? { prefillMs: (promptTokens, reusedTokens) => scheduler.prefillMs?.(promptTokens, reusedTokens) } : {}),
      clock: o.clock,
      onWaited: (outcome) => o.scheduling?.waited?.(outcome),
    });
  }

  async run(request: ConductorRequest, hasher: BlockKeyHasher, sink: TokenSink, signal: AbortSignal): Promise<Result<RequestSummary, PipelineFailure>> {
    const startMs = this.o.clock.monotonicMs();
    const { keys: blockKeys, words: blockKeyWords } = hasher.keysWithWords(request.promptTokens);
    this.o.onPrefixDemand?.({
      blockKeys,
      promptTokens: request.promptTokens,
      tenantSalt: request.tenantSalt,
      blockSizeTokens: hasher.blockSizeTokens,
      modelId: request.modelId,
      ...(request.adapter ? { adapter: request.adapter } : {}),
    });
    const scheduleRequest: ScheduleRequest = {
      blockKeys,
      blockKeyWords,
      promptTokens: request.promptTokens.length,
      maxTokens: request.generation.maxTokens,
      tenant: tenantOf(request),
      ...(request.priority ? { priority: request.priority } : {}),
      ...(request.sessionId ? { sessionId: request.sessionId } : {}),
    };
    let decodeId: InstanceId | undefined;
    let answer: PrefillAnswer | undefined;
    let prefillId: InstanceId | undefined;
    let routed: Route | undefined;
    let plan: PrefillPlan | undefined;
    let disaggregation: RunChoice | undefined;
    let waited: PrefixWait | undefined;
    let predicted: TokenReuse | undefined;
    const rule = this.o.disaggregation;
    const sessionId = request.sessionId;
    const recalled = sessionId === undefined || !this.o.sessions ? undefined : await this.o.sessions.recall(sessionId);
    if (rule?.mode === 'never') return this.runWhole(request, blockKeys, scheduleRequest, { choice: { run: 'local', reason: 'never' }, waited, recalled }, sink, signal, startMs);
    const prefillAttempts = this.attemptsFor('prefill');
    for (let attempt = 0; attempt < prefillAttempts && !answer; attempt++) {
      let prefixes = new PrefixMatchMemo(this.o.registry.index);
      let decision = this.decide(scheduleRequest, request, prefixes);
      if (attempt === 0 && decision.kind === 'route' && this.waiter) {
        waited = await this.waiter.waitFor(scheduleRequest, decision.estimate?.ttftMs, hasher.blockSizeTokens);
        // The prefix may now be in an instance's memory: decide again with that known.
        if (waited) {
          prefixes = new PrefixMatchMemo(this.o.registry.index);
          decision = this.decide(scheduleRequest, request, prefixes);
        }
      }
      if (decision.kind === 'reject' && attempt === 0 && rule?.mode === 'auto' && decision.reason === 'no-prefill-instance') {
        return this.runWhole(request, blockKeys, scheduleRequest, { choice: { run: 'local', reason: 'no-prefill' }, waited, recalled }, sink, signal, startMs);
      }
      if (decision.kind === 'reject') return rejected(decision);
      if (attempt === 0 && rule) {
        disaggregation = this.runChoice(rule, decision, scheduleRequest, hasher.blockSizeTokens, prefixes);
        if (disaggregation.run === 'local') {
          // The route was admitted on a prefill instance's queue; run whole, the prompt queues on a decode instance, and admission judges it there.
          const local = this.decideLocal(scheduleRequest, request);
          if (local.kind === 'local') {
            this.o.scheduling?.ran?.(disaggregation);
            return this.runLocally(request, blockKeys, local, { choice: disaggregation, waited, recalled }, scheduleRequest, sink, signal, startMs);
          }
          // The prompt's chunks would stretch the gaps of the streams already there past the target:
          // no room beside the batch. The route was admitted, so the prefill pool computes it.
          disaggregation = { run: 'disaggregated', reason: 'decode-busy' };
        }
        this.o.scheduling?.ran?.(disaggregation);
      }
      routed = this.pinned(decision, request.prefillInstance, blockKeys, request.modelId, request.adapter);
      prefillId = routed.prefill;
      decodeId = decision.decode;
      const reusedTokens = (decision.estimate?.reusedBlocks ?? decision.cachedBlocks) * hasher.blockSizeTokens;
      sink.dispatched?.(prefillId);
      plan = prefillPlanOf(routed);
      const call = { ...request, skipPoolFetch: this.poolHasNothingMore(prefillId, blockKeys, prefixes), ...(plan ? { plan } : {}) };
      // From the index as it stands, whether the instance's cache is trusted or not: its shadow prediction.
      if (this.o.cacheAudit) predicted = predictedReuse(prefixes.match(blockKeys, blockKeyWords), prefillId, plan, call.skipPoolFetch, hasher.blockSizeTokens);
      const readyAtMs = routed.estimate ? this.o.clock.monotonicMs() + routed.estimate.ttftMs : undefined;
      const prefilled = this.prefillOn(prefillId, call, reusedTokens, readyAtMs, blockKeys);
      // After the prefill call is on its way: the prefetch must not delay it.
      if (this.o.overlapKv) this.o.decode.prefetch?.(decodeId, { requestId: request.requestId, promptTokens: request.promptTokens, tenantSalt: request.tenantSalt, blockKeys, ...(request.adapter ? { adapter: request.adapter } : {}) });
      const result = await prefilled;
      if (result.ok) answer = result.value;
      else if (!this.retry('prefill', prefillId, { failure: result.error.kind, attempt, attempts: prefillAttempts }, result.error.message)) return err({ kind: 'prefill-failed', message: result.error.message });
    }
    if (!answer || !prefillId || !decodeId) return err({ kind: 'prefill-failed', message: 'no prefill instance answered' });
    const ttftMs = this.o.clock.monotonicMs() - startMs;
    sink.prefilled?.(prefillId);
    sink.token(answer.first);
    if (sessionId !== undefined) await this.o.sessions?.remember(sessionId, prefillId, recalled);
    if (routed?.estimate) {
      this.o.onTtft?.(routed.estimate.ttftMs, ttftMs);
      this.o.scheduling?.estimatedTtftSeconds(routed.estimate.ttftMs / 1000);
    }
    if (answer.fetchMs !== undefined && answer.reused.dram + answer.reused.ssd > 0) {
      this.o.onPoolFetch?.({ dramBlocks: answer.reused.dram / hasher.blockSizeTokens, ssdBlocks: answer.reused.ssd / hasher.blockSizeTokens, ms: answer.fetchMs });
    }

    const reused = answer.reused;
    const audit = this.o.cacheAudit && predicted ? auditPrefill(this.o.cacheAudit, this.o.registry, request, prefillId, predicted, blockKeys, answer) : undefined;
    const provenance = (decodeInstance: string | undefined): RequestProvenance => ({
      prefillInstance: answer.instanceId,
      decodeInstance,
      reusedTokens: reused,
      computedTokens: answer.computedTokens,
      ttftMs,
      ...(routed?.estimate
        ? { estimate: { ttftMs: routed.estimate.ttftMs, branch: routed.estimate.branch, policy: routed.policy, chosenBy: routed.chosenBy ?? 'policy' } }
        : {}),
      ...(answer.plan ? { plan: { given: plan, outcome: answer.plan } } : {}),
      ...(disaggregation ? { disaggregation } : {}),
      ...(waited ? { waited } : {}),
      ...(audit ? { audit } : {}),
    });
    const summary = (completionTokens: number, finishReason: FinishReason, decodeInstance: string | undefined, migrations: readonly DecodeMigration[] = []): RequestSummary => ({
      promptTokens: request.promptTokens.length,
      completionTokens,
      finishReason,
      cachedTokens: reused.device + reused.dram + reused.ssd,
      provenance: { ...provenance(decodeInstance), ...(migrations.length > 0 ? { decodeMigrations: migrations } : {}) },
    });
    if (answer.first.finishReason) return ok(summary(1, answer.first.finishReason, undefined));
    this.o.registry.firstTokenSent(decodeId, request.requestId);
    // The first token is out. Decode starts once the prompt's blocks are in the pool to load or,
    // with overlap, at once: its prefetch is loading them and waits, bounded, for the last ones.
    if (!this.o.overlapKv) await answer.handoff;

    const nextDecode = () => {
      const decision = this.decide(scheduleRequest, request);
      return decision.kind === 'route' ? decision.decode : undefined;
    };
    const gaps = new LongestGapWatch(() => this.o.clock.monotonicMs());
    gaps.token();
    const decoded = await this.decodePhase.run(request, { firstToken: answer.first.token, blockKeys: answer.blockKeys }, decodeId, nextDecode, gaps.watching(sink), signal);
    if (!decoded.ok) return decoded;
    this.observeTbt(routed?.decodeStepModelMs, gaps);
    return ok(summary(1 + decoded.value.tokens, decoded.value.finishReason, decoded.value.instance, decoded.value.migrations));
  }

  /** Under the rule, by where the prompt's prefix is and what the scheduler decided. */
  private runChoice(rule: RunChoiceRule, decision: Route, request: ScheduleRequest, blockSizeTokens: number, prefixes: PrefixMatchMemo): RunChoice {
    let loadableBlocks = 0;
    if (rule.mode === 'auto' && request.blockKeys.length > 0) {
      const match = prefixes.match(request.blockKeys, request.blockKeyWords);
      loadableBlocks = Math.max(match.deviceBlocks(decision.decode), match.bestNode('dram')?.blocks ?? 0, match.bestNode('ssd')?.blocks ?? 0);
    }
    return chooseRun(rule, {
      promptTokens: request.promptTokens,
      loadableTokens: loadableBlocks * blockSizeTokens,
      blockSizeTokens,
      ...(decision.estimate ? { prefillEstimate: decision.estimate } : {}),
      ...(decision.decodeTbtMs !== undefined ? { decodeTbtMs: decision.decodeTbtMs } : {}),
    });
  }

  /** The whole request on a decode instance the scheduler chooses without any prefill instance, for the reason `choice` gives. */
  private async runWhole(
    request: ConductorRequest,
    blockKeys: readonly BlockKey[],
    scheduleRequest: ScheduleRequest,
    why: LocalRunWhy,
    sink: TokenSink,
    signal: AbortSignal,
    startMs: number,
  ): Promise<Result<RequestSummary, PipelineFailure>> {
    const decision = this.decideLocal(scheduleRequest, request);
    if (decision.kind === 'reject') return rejected(decision);
    this.o.scheduling?.ran?.(why.choice);
    return this.runLocally(request, blockKeys, decision, why, scheduleRequest, sink, signal, startMs);
  }

  /**
   * The whole request on its decode instance: no prefill call; the instance loads what blocks it
   * can, computes the rest of the prompt and streams every token, the first included.
   */
  private async runLocally(
    request: ConductorRequest,
    blockKeys: readonly BlockKey[],
    { decode: decodeId, estimate, decodeStepModelMs }: Extract<LocalDecision, { kind: 'local' }>,
    { choice, waited, recalled }: LocalRunWhy,
    scheduleRequest: ScheduleRequest,
    sink: TokenSink,
    signal: AbortSignal,
    startMs: number,
  ): Promise<Result<RequestSummary, PipelineFailure>> {
    let ttftMs: number | undefined;
    const timed: TokenSink = {
      token: (token) => {
        if (ttftMs === undefined) {
          ttftMs = this.o.clock.monotonicMs() - startMs;
          sink.prefilled?.(decodeId);
          if (estimate) {
            this.o.onTtft?.(estimate.ttftMs, ttftMs);
            this.o.scheduling?.estimatedTtftSeconds(estimate.ttftMs / 1000);
          }
        }
        sink.token(token);
      },
    };
    sink.dispatched?.(decodeId);
    // The session's turn runs whole there, so its KV will be there: told to the other conductors while it decodes.
    const remembered = request.sessionId === undefined ? undefined : this.o.sessions?.remember(request.sessionId, decodeId, recalled);
    const nextDecode = () => {
      const decision = this.decideLocal(scheduleRequest, request);
      return decision.kind === 'local' ? decision.decode : undefined;
    };
    const gaps = new LongestGapWatch(() => this.o.clock.monotonicMs(), false);
    const decoded = await this.decodePhase.run(request, { firstToken: undefined, blockKeys }, decodeId, nextDecode, gaps.watching(timed), signal);
    await remembered;
    if (!decoded.ok) return decoded;
    this.observeTbt(decodeStepModelMs, gaps);
    const { instance, started, tokens, finishReason, migrations } = decoded.value;
    const reused = started?.reused ?? { device: started?.loadedTokens ?? 0, dram: 0, ssd: 0 };
    return ok({
      promptTokens: request.promptTokens.length,
      completionTokens: tokens,
      finishReason,
      cachedTokens: reused.device + reused.dram + reused.ssd,
      provenance: {
        prefillInstance: started?.instanceId ?? instance,
        decodeInstance: instance,
        reusedTokens: reused,
        computedTokens: started?.computedTokens ?? 0,
        ttftMs: ttftMs ?? 0,
        disaggregation: choice,
        ...(waited ? { waited } : {}),
        ...(migrations.length > 0 ? { decodeMigrations: migrations } : {}),
      },
    });
  }

  /** Tells calibration the step model's figure for a stream when it was admitted and the longest gap it saw. */
  private observeTbt(modelledStepMs: number | undefined, gaps: LongestGapWatch): void {
    const longestMs = gaps.longestMs;
    if (modelledStepMs !== undefined && longestMs !== undefined) this.o.onTbt?.(modelledStepMs, longestMs);
  }

  /** `prefixes`, when given, keeps the decision's prefix match for the pipeline's own questions about the same keys. */
  private decide(scheduleRequest: ScheduleRequest, request: ConductorRequest, prefixes?: PrefixMatchMemo): ScheduleDecision {
    const startMs = this.o.clock.monotonicMs();
    const decision = this.o.scheduler.decide(scheduleRequest, this.clusterSnapshot(request.modelId, request.adapter, prefixes));
    this.o.scheduling?.decided(decisionBranch(decision), (this.o.clock.monotonicMs() - startMs) / 1000);
    return decision;
  }

  /**
   * One prefill call, its prompt registered as in flight until it ends, so that requests sharing
   * its prefix may wait for it. Its blocks are recorded as held before waiters are told it answered.
   */
  /** A decision for a request run whole on a decode instance, counted as a `local` decision (or `rejected`). */
  private decideLocal(scheduleRequest: ScheduleRequest, request: ConductorRequest): LocalDecision {
    const startMs = this.o.clock.monotonicMs();
    const decision = this.o.scheduler.decideLocal(scheduleRequest, this.clusterSnapshot(request.modelId, request.adapter));
    this.o.scheduling?.decided(decision.kind === 'local' ? 'local' : 'rejected', (this.o.clock.monotonicMs() - startMs) / 1000);
    return decision;
  }

  private async prefillOn(
    id: InstanceId,
    request: ConductorRequest & { readonly skipPoolFetch?: boolean; readonly plan?: PrefillPlan },
    reusedTokens: number,
    readyAtMs: number | undefined,
    blockKeys: readonly BlockKey[],
  ): Promise<Result<PrefillAnswer, GatewayFailure>> {
    this.o.registry.beginPrefill(id, request.requestId, { promptTokens: request.promptTokens.length, reusedTokens }, tenantOf(request));
    const ended = this.waiter?.track(request.requestId, id, blockKeys, readyAtMs);
    let answered = false;
    try {
      const result = await this.o.prefill.prefill(id, request);
      if (result.ok) this.o.registry.reportBlocks(id, result.value.blockKeys);
      answered = result.ok;
      return result;
    } finally {
      this.o.registry.endPrefill(id, request.requestId, tenantOf(request));
      ended?.(answered);
    }
  }

  /**
   * The decision with its prefill instance replaced by `pin` when that one is routable. The
   * policy's estimate was for the instance it chose, so it is dropped: neither reported nor
   * used to calibrate.
   */
  private pinned(decision: Route, pin: InstanceId | undefined, keys: readonly BlockKey[], modelId: string, adapter: string | undefined): Route {
    if (pin === undefined || pin === decision.prefill) return decision;
    if (!this.o.registry.snapshot('prefill', modelId, adapter).some((s) => s.id === pin && s.routable)) return decision;
    const { estimate: _estimate, ...rest } = decision;
    return { ...rest, prefill: pin, cachedBlocks: this.o.registry.index.cachedPrefixBlocks(pin, keys) };
  }

  /**
   * Whether the prefix index, while in step with the pool, shows the pool holding no block of the
   * prompt past what the instance holds itself: then the instance need not ask the pool.
   */
  private poolHasNothingMore(id: InstanceId, keys: readonly BlockKey[], prefixes: PrefixMatchMemo): boolean {
    if (this.o.registry.index.resyncNeeded || keys.length === 0) return false;
    const match = prefixes.match(keys);
    const own = match.deviceBlocks(id);
    return Math.max(match.bestNode('dram')?.blocks ?? 0, match.bestNode('ssd')?.blocks ?? 0) <= own;
  }

  /**
   * How many instances one phase may try: instances drained together (a rolling update, a node
   * drained) each refuse a request in turn, and a request that found them so must still be served.
   */
  private attemptsFor(role: 'prefill' | 'decode'): number {
    return phaseAttempts(this.o.attemptsPerPhase, this.o.registry.states().filter((s) => s.role === role).length);
  }

  /** Judges a failed try by the retry policy: marks a lost instance down, counts a retry, and says whether to make it. */
  private retry(phase: RetryPhase, id: InstanceId, failed: FailedAttempt, message: string): boolean {
    const decision = retryDecision(failed);
    if (decision.markDown) this.o.registry.markDown(id, message);
    if (decision.kind === 'retry') this.o.onRetry?.(phase, failed.failure);
    return decision.kind === 'retry';
  }

  private clusterSnapshot(modelId: string, adapter: string | undefined, prefixes?: PrefixMatchMemo) {
    const { index } = this.o.registry;
    const snapshot = {
      prefill: this.o.registry.snapshot('prefill', modelId, adapter),
      decode: this.o.registry.snapshot('decode', modelId, adapter),
      cachedPrefixBlocks: (id: InstanceId, keys: readonly BlockKey[]) => index.cachedPrefixBlocks(id, keys),
      prefixes: prefixes ?? index,
      tenantInFlightRequests: this.o.registry.tenantInFlight(),
    };
    const ignored = this.o.cacheAudit?.ignoredCaches();
    return ignored ? withIgnoredCaches(snapshot, ignored) : snapshot;
  }
}

function rejected(decision: Extract<ScheduleDecision, { kind: 'reject' }>): Result<never, PipelineFailure> {
  return err({ kind: 'rejected', reason: decision.reason, retryAfterMs: decision.retryAfterMs, message: decision.message });
}
