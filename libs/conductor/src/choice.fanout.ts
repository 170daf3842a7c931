import { type BlockKeyHasher } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { type ConductorRequest, type PipelineFailure, type RequestSummary, type TokenSink } from './request.model';
import { type RequestPipeline } from './request.pipeline';

/** One choice to generate: its request and where its tokens go. */
export interface ChoiceRun {
  readonly request: ConductorRequest;
  readonly sink: TokenSink;
}

/**
 * The choices of one API request: for each prompt its `n` choices, as a group. Each group runs
 * its first choice, and once that one's prefill has answered, the rest with prefill pinned to
 * the same instance, where the prompt's full blocks now are: they compute only the prompt's
 * partial last block. Groups run side by side. The first failure fails the whole request and
 * cancels every choice still running.
 */
export class ChoiceFanout {
  constructor(private readonly pipeline: Pick<RequestPipeline, 'run'>) {}

  /** Summaries in the order of the choices, group after group; `hasherOf` gives a choice's key hasher (its prompt's salt decides it). */
  async run(groups: readonly (readonly ChoiceRun[])[], hasherOf: (request: ConductorRequest) => BlockKeyHasher, signal: AbortSignal): Promise<Result<RequestSummary[], PipelineFailure>> {
    const abort = new AbortController();
    const cancel = () => abort.abort();
    // A signal aborted already fires no 'abort' event: the choices must see it aborted all the same.
    if (signal.aborted) cancel();
    signal.addEventListener('abort', cancel, { once: true });
    let failure: PipelineFailure | undefined;
    const settle = (result: Result<RequestSummary, PipelineFailure>) => {
      if (!result.ok) {
        failure ??= result.error;
        abort.abort();
      }
      return result;
    };
    try {
      const results = await Promise.all(groups.map((group) => this.group(group, hasherOf, abort.signal, settle)));
      if (failure) return err(failure);
      return ok(results.flat().map((r) => (r.ok ? r.value : unreachable())));
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  }

  private async group(
    choices: readonly ChoiceRun[],
    hasherOf: (request: ConductorRequest) => BlockKeyHasher,
    signal: AbortSignal,
    settle: (result: Result<RequestSummary, PipelineFailure>) => Result<RequestSummary, PipelineFailure>,
  ): Promise<Result<RequestSummary, PipelineFailure>[]> {
    const [first, ...rest] = choices;
    if (!first) return [];
    const hasher = hasherOf(first.request);
    let release: (instance: InstanceId | undefined) => void = () => undefined;
    const prefilled = new Promise<InstanceId | undefined>((resolve) => (release = resolve));
    const sink: TokenSink = {
      dispatched: (instance) => first.sink.dispatched?.(instance),
      prefilled: (instance) => {
        first.sink.prefilled?.(instance);
        release(instance);
      },
      token: (token) => first.sink.token(token),
    };
    const firstDone = this.pipeline.run(first.request, hasher, sink, signal).then((result) => {
      release(undefined);
      return settle(result);
    });
    const instance = await prefilled;
    if (instance === undefined) return [await firstDone];
    const others = rest.map((c) => this.pipeline.run({ ...c.request, prefillInstance: instance }, hasher, c.sink, signal).then(settle));
    return Promise.all([firstDone, ...others]);
  }
}

function unreachable(): never {
  throw new Error('ChoiceFanout: a failed choice without a recorded failure');
}
