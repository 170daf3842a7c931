import { err, ok, type Result } from '@tsukimi/result';
import { type DecodeEvent, type GatewayFailure, type WatchableDecodeStream } from '../gateway.ports';
import { type CallOutcome } from './circuit.options';
import { watchDecodeOutcome } from './decode-outcome.watch';

type Item = Result<DecodeEvent, GatewayFailure>;

const started: Item = ok({ kind: 'started', instanceId: 'd1', loadedTokens: 3, computedTokens: 0 });
const token = (text: string): Item => ok({ kind: 'token', token: { token: 1, text } });
const last: Item = ok({ kind: 'token', token: { token: 2, text: '.', finishReason: 'stop' } });
const failure = (kind: GatewayFailure['kind']): Item => err({ kind, message: kind });

interface Source {
  readonly stream: AsyncIterable<Item>;
  /** Whether the stream was read to its end or left (its `return` reached). */
  readonly seen: { finished: boolean };
}

/** A stream of `items` as a transport without `watch` gives it: an async generator. */
function plain(items: readonly Item[]): Source {
  const seen = { finished: false };
  const stream = (async function* () {
    try {
      yield* items;
    } finally {
      seen.finished = true;
    }
  })();
  return { stream, seen };
}

/** A stream of `items` that shows each to its watcher as it hands it out, as the relay's does. */
function watchable(items: readonly Item[]): Source {
  const seen = { finished: false };
  let at = 0;
  let watcher: ((item: Item) => void) | undefined;
  const stream: WatchableDecodeStream & AsyncIterator<Item> = {
    watch: (w) => (watcher = w),
    [Symbol.asyncIterator]: () => stream,
    next: async () => {
      if (at >= items.length) {
        seen.finished = true;
        return { done: true, value: undefined };
      }
      const value = items[at++]!;
      watcher?.(value);
      return { done: false, value };
    },
    return: async () => {
      seen.finished = true;
      return { done: true, value: undefined };
    },
  };
  return { stream, seen };
}

/** Reads the watched stream to its end, or until `stopAfter` items; what the circuit was told, and when. */
async function read(source: (items: readonly Item[]) => Source, items: readonly Item[], { stopAfter = Infinity, aborted = false } = {}) {
  const recorded: CallOutcome[] = [];
  const recordedBeforeItem: number[] = [];
  const signal = aborted ? AbortSignal.abort() : new AbortController().signal;
  const { stream, seen } = source(items);
  const got: Item[] = [];
  for await (const item of watchDecodeOutcome(stream, signal, (outcome) => recorded.push(outcome))) {
    got.push(item);
    recordedBeforeItem.push(recorded.length);
    if (got.length >= stopAfter) break;
  }
  return { recorded, recordedBeforeItem, got, seen };
}

const sources = [
  ['a stream that cannot be watched', plain],
  ['a watchable stream', watchable],
] as const;

describe.each(sources)('watchDecodeOutcome over %s: the stream\'s outcome for its instance\'s circuit, the stream not re-yielded', (_source, source) => {
  it.each<[string, readonly Item[], CallOutcome[]]>([
    ['a stream that reaches its finish reason is a success', [started, token('a'), last], ['success']],
    ['a stream failed by a timeout is a timeout', [started, token('a'), failure('timeout')], ['timeout']],
    ['a stream failed as unavailable is an error', [started, failure('unavailable')], ['error']],
    ['a stream failed otherwise is an error', [started, token('a'), failure('failed')], ['error']],
    ['a request the instance refused says nothing of its health', [failure('rejected')], []],
    ['a stream that ends without a finish reason is nothing yet', [started, token('a')], []],
  ])('%s', async (_name, items, outcomes) => {
    const { recorded, got } = await read(source, items);
    expect(recorded).toEqual(outcomes);
    expect(got).toEqual(items);
  });

  it('hands every item on as the stream gave it, the same objects in the same order', async () => {
    const items = [started, token('a'), token('b'), last];
    const { got } = await read(source, items);
    got.forEach((item, i) => expect(item).toBe(items[i]));
  });

  it('records the outcome before its caller has the item that ends the stream', async () => {
    const { recordedBeforeItem } = await read(source, [started, token('a'), last]);
    expect(recordedBeforeItem).toEqual([0, 0, 1]);
  });

  it('records nothing for a failure that came after its caller went away', async () => {
    const { recorded, got } = await read(source, [started, failure('failed')], { aborted: true });
    expect(got).toHaveLength(2);
    expect(recorded).toEqual([]);
  });

  it('records nothing for a stream its caller left, and tells the stream it was left', async () => {
    const { recorded, seen } = await read(source, [started, token('a'), token('b'), last], { stopAfter: 2 });
    expect(recorded).toEqual([]);
    expect(seen.finished).toBe(true);
  });
});

describe('watchDecodeOutcome: no layer over a watchable stream', () => {
  it('hands a watchable stream back as it is', () => {
    const { stream } = watchable([last]);
    expect(watchDecodeOutcome(stream, new AbortController().signal, () => undefined)).toBe(stream);
  });
});
