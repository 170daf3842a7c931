import { err, ok, type Result } from '@tsukimi/result';
import { type DecodeEvent, type GatewayFailure } from '../gateway.ports';
import { type CallOutcome } from './circuit.options';
import { DecodeOutcomeWatch } from './decode-outcome.watch';

type Item = Result<DecodeEvent, GatewayFailure>;

const started: Item = ok({ kind: 'started', instanceId: 'd1', loadedTokens: 3, computedTokens: 0 });
const token = (text: string): Item => ok({ kind: 'token', token: { token: 1, text } });
const last: Item = ok({ kind: 'token', token: { token: 2, text: '.', finishReason: 'stop' } });
const failure = (kind: GatewayFailure['kind']): Item => err({ kind, message: kind });

/** A stream of `items` as a transport gives it, noting whether it was opened and whether it ran to its end or was left. */
function source(items: readonly Item[]) {
  const seen = { opened: false, finished: false };
  const open = () => {
    seen.opened = true;
    return (async function* () {
      try {
        yield* items;
      } finally {
        seen.finished = true;
      }
    })();
  };
  return { open, seen };
}

/** Reads the watched stream to its end, or until `stopAfter` items; what the circuit was told, and when. */
async function read(items: readonly Item[], { stopAfter = Infinity, aborted = false } = {}) {
  const recorded: CallOutcome[] = [];
  const recordedBeforeItem: number[] = [];
  const signal = aborted ? AbortSignal.abort() : new AbortController().signal;
  const { open, seen } = source(items);
  const watch = new DecodeOutcomeWatch(open, signal, (outcome) => recorded.push(outcome));
  const got: Item[] = [];
  for await (const item of watch) {
    got.push(item);
    recordedBeforeItem.push(recorded.length);
    if (got.length >= stopAfter) break;
  }
  return { recorded, recordedBeforeItem, got, seen };
}

describe('DecodeOutcomeWatch: a decode stream\'s outcome for its instance\'s circuit, without re-yielding the stream', () => {
  it.each<[string, readonly Item[], CallOutcome[]]>([
    ['a stream that reaches its finish reason is a success', [started, token('a'), last], ['success']],
    ['a stream failed by a timeout is a timeout', [started, token('a'), failure('timeout')], ['timeout']],
    ['a stream failed as unavailable is an error', [started, failure('unavailable')], ['error']],
    ['a stream failed otherwise is an error', [started, token('a'), failure('failed')], ['error']],
    ['a request the instance refused says nothing of its health', [failure('rejected')], []],
    ['a stream that ends without a finish reason is nothing yet', [started, token('a')], []],
  ])('%s', async (_name, items, outcomes) => {
    const { recorded, got } = await read(items);
    expect(recorded).toEqual(outcomes);
    expect(got).toEqual(items);
  });

  it('hands every item on as the stream gave it, the same objects in the same order', async () => {
    const items = [started, token('a'), token('b'), last];
    const { got } = await read(items);
    got.forEach((item, i) => expect(item).toBe(items[i]));
  });

  it('records the outcome before its caller has the item that ends the stream', async () => {
    const { recordedBeforeItem } = await read([started, token('a'), last]);
    expect(recordedBeforeItem).toEqual([0, 0, 1]);
  });

  it('records nothing for a failure that came after its caller went away', async () => {
    const { recorded, got } = await read([started, failure('failed')], { aborted: true });
    expect(got).toHaveLength(2);
    expect(recorded).toEqual([]);
  });

  it('records nothing for a stream its caller left, and tells the stream it was left', async () => {
    const { recorded, seen } = await read([started, token('a'), token('b'), last], { stopAfter: 2 });
    expect(recorded).toEqual([]);
    expect(seen.finished).toBe(true);
  });

  it('opens the stream at the first read, not before', async () => {
    const { open, seen } = source([last]);
    const watch = new DecodeOutcomeWatch(open, new AbortController().signal, () => undefined);
    expect(seen.opened).toBe(false);
    await expect(watch.return()).resolves.toEqual({ done: true, value: undefined });
    expect(seen.opened).toBe(false);
    await watch.next();
    expect(seen.opened).toBe(true);
  });
});
