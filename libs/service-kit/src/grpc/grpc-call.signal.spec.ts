import { EventEmitter } from 'node:events';
import { abortSignalOf } from './grpc-call.signal';

class FakeCall extends EventEmitter {
  cancelled = false;
}

describe('abortSignalOf', () => {
  it('aborts when the call is cancelled', () => {
    const call = new FakeCall();
    const signal = abortSignalOf(call);
    expect(signal.aborted).toBe(false);
    call.cancelled = true;
    call.emit('cancelled');
    expect(signal.aborted).toBe(true);
  });

  it('is already aborted for a call cancelled before it was asked', () => {
    const call = new FakeCall();
    call.cancelled = true;
    expect(abortSignalOf(call).aborted).toBe(true);
  });
});
