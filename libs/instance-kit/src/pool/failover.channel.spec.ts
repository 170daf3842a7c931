import { status } from '@grpc/grpc-js';
import { type CallFailure } from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { FailoverChannel } from './failover.channel';

/** A master as the channel sees it: how it answers the next call, and every call it got. */
class FakeStub {
  answer: Result<string, CallFailure>;
  calls = 0;
  constructor(readonly target: string) {
    this.answer = ok(target);
  }
  close(): void {}
}

function channelOf(count: number) {
  const stubs: FakeStub[] = [];
  const addresses = Array.from({ length: count }, (_, i) => ({ host: '127.0.0.1', port: 7000 + i }));
  const channel = new FailoverChannel(addresses, (target) => {
    const stub = new FakeStub(target);
    stubs.push(stub);
    return stub;
  });
  const call = () =>
    channel.call(async (stub) => {
      stub.calls += 1;
      return stub.answer;
    });
  return { stubs, call };
}

describe('FailoverChannel', () => {
  it.each([status.UNAVAILABLE, status.FAILED_PRECONDITION])('sends a call refused with code %p on to the next master, and stays there', async (code) => {
    const { stubs, call } = channelOf(2);
    stubs[0]!.answer = err({ code, details: 'not here' });
    expect(await call()).toEqual(ok('127.0.0.1:7001'));
    expect(await call()).toEqual(ok('127.0.0.1:7001'));
    expect(stubs.map((stub) => stub.calls)).toEqual([1, 2]);
  });

  it('does not repeat a call a master let time out (it may have run), but starts the next call at the next master', async () => {
    const { stubs, call } = channelOf(2);
    stubs[0]!.answer = err({ code: status.DEADLINE_EXCEEDED, details: 'deadline exceeded' });
    expect(await call()).toEqual(err({ code: status.DEADLINE_EXCEEDED, details: 'deadline exceeded' }));
    expect(stubs.map((stub) => stub.calls)).toEqual([1, 0]);
    expect(await call()).toEqual(ok('127.0.0.1:7001'));
    expect(stubs.map((stub) => stub.calls)).toEqual([1, 1]);
  });

  it('keeps a master that answered with any other failure', async () => {
    const { stubs, call } = channelOf(2);
    stubs[0]!.answer = err({ code: status.INVALID_ARGUMENT, details: 'bad request' });
    await call();
    await call();
    expect(stubs.map((stub) => stub.calls)).toEqual([2, 0]);
  });
});
