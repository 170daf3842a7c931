import { type DecodeEvent, type GatewayFailure } from '@tsukimi/conductor';
import { type DecodeEvent as WireEvent, decodeRelayCodec } from '@tsukimi/proto';
import { type Result } from '@tsukimi/result';
import { RelayCode, RelayStream } from '@tsukimi/transfer';
import { RelayDecodeEvents } from './relay-decode.events';

const codec = decodeRelayCodec();
const message = (event: WireEvent) => ({ kind: 'message' as const, payload: codec.encodeEvent(event) });
const started = message({ started: { instanceId: 'd1', loadedTokens: 3, computedTokens: 1 } });
const batch = (...texts: string[]) => message({ tokens: { tokens: texts.map((text, i) => ({ token: i, text, ...(text === '.' ? { finishReason: 'stop' } : {}) })) } });

/** A stream over a relay stream the test delivers to by hand, as the connection would; what was sent to the instance. */
function relayed(signal: AbortSignal = new AbortController().signal) {
  const sent = { opened: 0, cancelled: 0 };
  const stream = new RelayStream(1, () => sent.cancelled++);
  const events = new RelayDecodeEvents({
    codec,
    open: () => {
      sent.opened++;
      return stream;
    },
    signal,
    idleTimeoutMs: 60_000,
    stallTimeoutMs: 60_000,
  });
  return { stream, events, sent };
}

const shown = (item: Result<DecodeEvent, GatewayFailure>) =>
  !item.ok ? item.error.kind : item.value.kind === 'started' ? 'started' : `${item.value.token.text}${item.value.token.finishReason ? '|' : ''}`;

/** Delivers `frames` as the connection would have read them, then reads `events` until it ends or `stopAt` is read. */
async function readAll(events: RelayDecodeEvents, stream: RelayStream, frames: Parameters<RelayStream['deliver']>[0][], stopAt?: string): Promise<string[]> {
  const got: string[] = [];
  const reading = (async () => {
    for await (const item of events) {
      got.push(shown(item));
      if (got.at(-1) === stopAt) break;
    }
  })();
  for (const frame of frames) stream.deliver(frame);
  await reading;
  return got;
}

describe('RelayDecodeEvents: one decode stream over the token relay, one pass from message to event', () => {
  it('hands out a start, then each token of each batch in order, and leaves a finished stream to its instance', async () => {
    const { stream, events, sent } = relayed();
    const got = await readAll(events, stream, [started, batch('a'), message({}), batch('b', 'c', '.')], '.|');
    expect(got).toEqual(['started', 'a', 'b', 'c', '.|']);
    expect(sent).toEqual({ opened: 1, cancelled: 0 });
    await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('ends when the instance ends the stream', async () => {
    const { stream, events } = relayed();
    expect(await readAll(events, stream, [started, batch('a'), { kind: 'end' }])).toEqual(['started', 'a']);
  });

  it.each([
    [RelayCode.unavailable, 'unavailable'],
    [RelayCode.deadlineExceeded, 'timeout'],
    [RelayCode.internal, 'failed'],
  ])('fails with the relay\'s status %i as %s, the last item', async (code, kind) => {
    const { stream, events } = relayed();
    expect(await readAll(events, stream, [started, batch('a'), { kind: 'error', code, details: 'x' }])).toEqual(['started', 'a', kind]);
  });

  it('cancels the stream on the instance when its caller stops reading before the finish', async () => {
    const { stream, events, sent } = relayed();
    expect(await readAll(events, stream, [started, batch('a', 'b')], 'a')).toEqual(['started', 'a']);
    expect(sent.cancelled).toBe(1);
    await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('cancels the stream on the instance when the caller\'s signal aborts, and fails it', async () => {
    const caller = new AbortController();
    const { stream, events, sent } = relayed(caller.signal);
    const first = events.next();
    stream.deliver(started);
    await first;
    const waiting = events.next();
    caller.abort();
    const item = await waiting;
    expect(item.done !== true && shown(item.value)).toBe('failed');
    expect(sent.cancelled).toBe(1);
  });

  it('opens nothing when its caller went away before the first read, and fails once', async () => {
    const { events, sent } = relayed(AbortSignal.abort());
    const item = await events.next();
    expect(item.done !== true && !item.value.ok && item.value.error).toEqual({ kind: 'failed', message: 'the caller went away before decode began' });
    await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
    expect(sent.opened).toBe(0);
  });
});

describe('RelayDecodeEvents: its watcher', () => {
  it('sees every item, a failure included, before its reader has it', async () => {
    const { stream, events } = relayed();
    const watched: string[] = [];
    const readBeforeWatched: number[] = [];
    let read = 0;
    events.watch((item) => {
      watched.push(shown(item));
      readBeforeWatched.push(read);
    });
    const reading = (async () => {
      for await (const item of events) {
        read++;
        expect(watched).toHaveLength(read);
        if (!item.ok) break;
      }
    })();
    for (const frame of [started, batch('a', 'b'), { kind: 'error' as const, code: RelayCode.unavailable, details: 'gone' }]) stream.deliver(frame);
    await reading;
    expect(watched).toEqual(['started', 'a', 'b', 'unavailable']);
    expect(readBeforeWatched).toEqual([0, 1, 2, 3]);
  });
});

describe('RelayDecodeEvents: a message it cannot read', () => {
  it('fails the read that waited for it, not the relay connection that delivered it', async () => {
    const { stream, events } = relayed();
    const first = events.next();
    stream.deliver(started);
    await first;
    const waiting = events.next();
    // A length-delimited field whose length runs past the message's end: no DecodeEvent.
    expect(() => stream.deliver({ kind: 'message', payload: Buffer.from([0x0a, 0x7f, 0x01]) })).not.toThrow();
    await expect(waiting).rejects.toThrow();
  });
});
