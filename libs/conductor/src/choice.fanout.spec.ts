import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { instanceId, type InstanceId } from '@tsukimi/scheduler';
import { ChoiceFanout, type ChoiceRun } from './choice.fanout';
import { type ConductorRequest, type PipelineFailure, type RequestSummary, type TokenSink } from './request.model';

const hasher = new BlockKeyHasher(blockHashOptions({ modelId: 'm', tenantSalt: '', blockSizeTokens: 16 }));
const generation = { maxTokens: 2, sampling: { temperature: 1, topP: 1, topK: 0, seed: 0 }, stop: [] };

interface Call {
  readonly requestId: string;
  readonly pinned: InstanceId | undefined;
  readonly signal: AbortSignal;
  readonly hasher: BlockKeyHasher;
}

/**
 * Stands in for the pipeline: each request prefills on `p-<its prompt's first token>` (or the
 * pinned instance), then sends one token; requests named in `fail` fail instead, before
 * prefill (`reject`) or after it (`decode`). A request in `hold` waits after prefill until
 * its signal aborts.
 */
function scripted(script: { fail?: Record<string, 'reject' | 'decode'>; hold?: string[] } = {}) {
  const calls: Call[] = [];
  const summary = (instance: string): RequestSummary => ({
    promptTokens: 1,
    completionTokens: 1,
    finishReason: 'length',
    cachedTokens: 0,
    provenance: { prefillInstance: instance, decodeInstance: 'd', reusedTokens: { device: 0, dram: 0, ssd: 0 }, computedTokens: 1, ttftMs: 1 },
  });
  const run = async (request: ConductorRequest, hasherUsed: BlockKeyHasher, sink: TokenSink, signal: AbortSignal): Promise<Result<RequestSummary, PipelineFailure>> => {
    calls.push({ requestId: request.requestId, pinned: request.prefillInstance, signal, hasher: hasherUsed });
    await Promise.resolve();
    const failure = script.fail?.[request.requestId];
    if (failure === 'reject') return err({ kind: 'rejected', reason: 'no-prefill-instance', retryAfterMs: 1, message: `${request.requestId} refused` });
    const instance = request.prefillInstance ?? instanceId(`p-${request.promptTokens[0]}`);
    sink.prefilled?.(instance);
    sink.token({ token: 1, text: 'a' });
    if (script.hold?.includes(request.requestId)) {
      await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
      return err({ kind: 'decode-failed', message: `${request.requestId} cancelled`, tokensSent: 1 });
    }
    if (failure === 'decode') return err({ kind: 'decode-failed', message: `${request.requestId} failed`, tokensSent: 1 });
    sink.token({ token: 2, text: 'b', finishReason: 'length' });
    return ok(summary(instance));
  };
  return { calls, pipeline: { run } };
}

function choices(prompt: number, n: number, tokens: Map<string, number>): ChoiceRun[] {
  return Array.from({ length: n }, (_, k) => {
    const requestId = `r${prompt}-${k}`;
    return { request: { requestId, modelId: 'm', promptTokens: [prompt], tenantSalt: '', generation }, sink: { token: () => tokens.set(requestId, (tokens.get(requestId) ?? 0) + 1) } };
  });
}

describe('ChoiceFanout', () => {
  it('runs the first choice of each prompt, then its siblings pinned to the instance that prefilled it', async () => {
    const { calls, pipeline } = scripted();
    const tokens = new Map<string, number>();
    const result = await new ChoiceFanout(pipeline).run([choices(7, 3, tokens), choices(9, 2, tokens)], () => hasher, new AbortController().signal);
    expect(result.ok && result.value.map((s) => s.provenance.prefillInstance)).toEqual(['p-7', 'p-7', 'p-7', 'p-9', 'p-9']);
    expect(calls.map((c) => [c.requestId, c.pinned])).toEqual([
      ['r7-0', undefined],
      ['r9-0', undefined],
      ['r7-1', 'p-7'],
      ['r7-2', 'p-7'],
      ['r9-1', 'p-9'],
    ]);
    expect([...tokens.values()]).toEqual([2, 2, 2, 2, 2]);
  });

  it('hashes each prompt\'s choices with the hasher of that prompt\'s salt (a tenant group\'s shared prefix may match one prompt and not another)', async () => {
    const { calls, pipeline } = scripted();
    const other = new BlockKeyHasher(blockHashOptions({ modelId: 'm', tenantSalt: 'scoped', blockSizeTokens: 16 }));
    const asked: number[] = [];
    const hasherOf = (request: ConductorRequest) => (asked.push(request.promptTokens[0]!), request.promptTokens[0] === 9 ? other : hasher);
    await new ChoiceFanout(pipeline).run([choices(7, 2, new Map()), choices(9, 2, new Map())], hasherOf, new AbortController().signal);
    expect(asked).toEqual([7, 9]);
    expect(calls.map((c) => [c.requestId, c.hasher === other])).toEqual([
      ['r7-0', false],
      ['r9-0', true],
      ['r7-1', false],
      ['r9-1', true],
    ]);
  });

  it('starts no sibling when the first choice fails before prefill, and returns that failure', async () => {
    const { calls, pipeline } = scripted({ fail: { 'r7-0': 'reject' } });
    const result = await new ChoiceFanout(pipeline).run([choices(7, 4, new Map())], () => hasher, new AbortController().signal);
    expect(result).toMatchObject({ ok: false, error: { kind: 'rejected', message: 'r7-0 refused' } });
    expect(calls.map((c) => c.requestId)).toEqual(['r7-0']);
  });

  it('cancels every choice still running when one fails, and returns the first failure', async () => {
    const { calls, pipeline } = scripted({ fail: { 'r9-1': 'decode' }, hold: ['r7-0', 'r7-1', 'r9-0'] });
    const result = await new ChoiceFanout(pipeline).run([choices(7, 2, new Map()), choices(9, 2, new Map())], () => hasher, new AbortController().signal);
    expect(result).toMatchObject({ ok: false, error: { kind: 'decode-failed', message: 'r9-1 failed' } });
    expect(calls.every((c) => c.signal.aborted)).toBe(true);
  });

  it('passes the caller abort on to every choice', async () => {
    const { calls, pipeline } = scripted({ hold: ['r7-0', 'r7-1'] });
    const caller = new AbortController();
    const running = new ChoiceFanout(pipeline).run([choices(7, 2, new Map())], () => hasher, caller.signal);
    while (calls.length < 2) await new Promise<void>((resolve) => setImmediate(resolve));
    caller.abort();
    expect((await running).ok).toBe(false);
    expect(calls.every((c) => c.signal.aborted)).toBe(true);
  });

  it('hands every choice an aborted signal when the caller left before the run began', async () => {
    const { calls, pipeline } = scripted({ hold: ['r7-0', 'r7-1'] });
    const caller = new AbortController();
    caller.abort();
    const result = await new ChoiceFanout(pipeline).run([choices(7, 2, new Map())], () => hasher, caller.signal);
    expect(result.ok).toBe(false);
    expect(calls.map((c) => c.signal.aborted)).toEqual([true, true]);
  });
});
