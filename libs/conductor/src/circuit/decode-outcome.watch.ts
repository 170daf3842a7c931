import { type Result } from '@tsukimi/result';
import { type DecodeEvent, type GatewayFailure } from '../gateway.ports';
import { type CallOutcome } from './circuit.options';

type Item = Result<DecodeEvent, GatewayFailure>;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * One decode stream as its caller reads it, each item looked at on its way past: the outcome an
 * item ends the stream with goes to `record` before the caller has the item (a caller that has
 * its last item stops reading). Items are handed on as the inner stream gives them, through one
 * promise reaction each, not re-yielded by a second generator. The inner stream is asked for at
 * the first read, as a generator's body would run, so that a transport that opens its call on
 * the first read (inside the caller's span) still does.
 */
export class DecodeOutcomeWatch implements AsyncIterableIterator<Item> {
  private iterator: AsyncIterator<Item> | undefined;

  constructor(
    private readonly open: () => AsyncIterable<Item>,
    private readonly signal: AbortSignal,
    private readonly record: (outcome: CallOutcome) => void,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Item>> {
    this.iterator ??= this.open()[Symbol.asyncIterator]();
    return this.iterator.next().then(this.observe);
  }

  /** The caller stops reading: the inner stream is told, and nothing is recorded. */
  return(): Promise<IteratorResult<Item>> {
    const inner = this.iterator?.return;
    return inner ? inner.call(this.iterator) : Promise.resolve(DONE);
  }

  private readonly observe = (result: IteratorResult<Item>): IteratorResult<Item> => {
    if (result.done !== true) {
      const outcome = decodeOutcome(result.value, this.signal);
      if (outcome) this.record(outcome);
    }
    return result;
  };
}

/**
 * What a failed call says of its instance: silent past its bound (`timeout`), gone or broken
 * (`error`); a request the instance refused (`rejected`) says nothing of its health.
 */
export function circuitOutcome(failure: GatewayFailure): CallOutcome | undefined {
  if (failure.kind === 'timeout') return 'timeout';
  return failure.kind === 'rejected' ? undefined : 'error';
}

/** The outcome a decode stream's item ends it with, if it ends it; none for a failure after the caller went away. */
function decodeOutcome(item: Item, signal: AbortSignal): CallOutcome | undefined {
  if (!item.ok) return signal.aborted ? undefined : circuitOutcome(item.error);
  return item.value.kind === 'token' && item.value.token.finishReason ? 'success' : undefined;
}
