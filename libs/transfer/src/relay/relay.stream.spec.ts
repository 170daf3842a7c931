import { RelayStream, type StreamEvent } from './relay.stream';

const message = (n: number): StreamEvent => ({ kind: 'message', payload: Buffer.from([n]) });

describe('RelayStream.nextTo: the next event to a receiver, without a promise', () => {
  it('hands a queued event over at once, in order, then waits for the next one and hands it over as it is delivered', () => {
    const stream = new RelayStream(1, () => undefined);
    stream.deliver(message(1));
    stream.deliver(message(2));
    const got: StreamEvent[] = [];
    stream.nextTo((e) => got.push(e));
    stream.nextTo((e) => got.push(e));
    expect(got).toEqual([message(1), message(2)]);
    stream.nextTo((e) => got.push(e));
    expect(got).toHaveLength(2);
    stream.deliver({ kind: 'end' });
    expect(got).toEqual([message(1), message(2), { kind: 'end' }]);
  });

  it('shares its queue with next: events go to whichever reads first, each once', async () => {
    const stream = new RelayStream(1, () => undefined);
    stream.deliver(message(1));
    stream.deliver(message(2));
    const got: StreamEvent[] = [];
    stream.nextTo((e) => got.push(e));
    got.push(await stream.next());
    expect(got).toEqual([message(1), message(2)]);
  });
});
