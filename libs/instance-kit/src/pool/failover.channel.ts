import { status } from '@grpc/grpc-js';
import { type Address } from '@tsukimi/config';
import { type CallFailure } from '@tsukimi/proto';
import { err, type Result } from '@tsukimi/result';

/** Answers that mean "ask another master": it is down, or it is a standby that does not lead. */
function tryElsewhere(failure: CallFailure): boolean {
  return failure.code === status.UNAVAILABLE || failure.code === status.FAILED_PRECONDITION;
}

/**
 * Calls to the pool's master when there may be several (a leader and standbys): calls go to the
 * one that answered last; one that is unreachable or not leading sends the call on to the next,
 * each address tried at most once per call. A caller never needs to know which master leads. A
 * master that does not answer in time may be paused or wedged rather than gone: the call may have
 * run there, so it is not repeated, but the next call starts at the next master.
 */
export class FailoverChannel<Stub extends { close(): void }> {
  private readonly stubs: Stub[];
  private current = 0;

  constructor(addresses: readonly Address[], open: (target: string) => Stub) {
    if (addresses.length === 0) throw new RangeError('FailoverChannel needs at least one address');
    this.stubs = addresses.map((a) => open(a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`));
  }

  async call<T>(attempt: (stub: Stub) => Promise<Result<T, CallFailure>>): Promise<Result<T, CallFailure>> {
    let last: Result<T, CallFailure> = err({ code: status.UNAVAILABLE, details: 'no master answered' });
    for (let tried = 0; tried < this.stubs.length; tried++) {
      const index = (this.current + tried) % this.stubs.length;
      last = await attempt(this.stubs[index]!);
      if (last.ok || !tryElsewhere(last.error)) {
        this.current = !last.ok && last.error.code === status.DEADLINE_EXCEEDED ? (index + 1) % this.stubs.length : index;
        return last;
      }
    }
    return last;
  }

  close(): void {
    for (const stub of this.stubs) stub.close();
  }
}
