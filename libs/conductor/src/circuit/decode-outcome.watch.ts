import { type Result } from '@tsukimi/result';
import { type DecodeEvent, type GatewayFailure, type WatchableDecodeStream } from '../gateway.ports';
import { type CallOutcome } from './circuit.options';

type Item = Result<DecodeEvent, GatewayFailure>;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * `stream`, with the outcome an item ends it with given to `record` before the caller has that
 * item (a caller that has its last item stops reading): a success at the finish token, a failure
 * at an error unless the caller had gone already, nothing for a stream its caller left. The items
 * are not re-yielded: a stream that can be watched (`WatchableDecodeStream`) is handed back as it
 * is, watched; any other is read through one promise reaction an item.
 */
export function watchDecodeOutcome(stream: AsyncIterable<Item>, signal: AbortSignal, record: (outcome: CallOutcome) => void): AsyncIterable<Item> {
  const watcher = (item: Item) => {
    const outcome = decodeOutcome(item, signal);
    if (outcome) record(outcome);
  };
  if (watchable(stream)) {
    stream.watch(watcher);
    return stream;
  }
  return new WatchedItems(stream, watcher);
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

function watchable(stream: AsyncIterable<Item>): stream is WatchableDecodeStream {
  return typeof (stream as Partial<WatchableDecodeStream>).watch === 'function';
}

/** A stream that cannot be watched, each item shown to the watcher as it passes; `return` reaches the stream, so a left stream is cancelled. */
class WatchedItems implements AsyncIterableIterator<Item> {
  private iterator: AsyncIterator<Item> | undefined;

  constructor(
    private readonly stream: AsyncIterable<Item>,
    private readonly watcher: (item: Item) => void,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<Item>> {
    this.iterator ??= this.stream[Symbol.asyncIterator]();
    return this.iterator.next().then(this.observe);
  }

  return(): Promise<IteratorResult<Item>> {
    const inner = this.iterator?.return;
    return inner ? inner.call(this.iterator) : Promise.resolve(DONE);
  }

  private readonly observe = (result: IteratorResult<Item>): IteratorResult<Item> => {
    if (result.done !== true) this.watcher(result.value);
    return result;
  };
}
