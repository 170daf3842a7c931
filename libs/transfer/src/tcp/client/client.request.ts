import { err, ok, type Result } from '@tsukimi/result';
import { type TransferError } from '../../transfer.error';
import { encodeCancel } from '../protocol/frame.encode';
import { type OutboundScheduler } from '../outbound.scheduler';

/** Settles a request's promise; the connection wraps it to forget the request and stop its timer. */
export type Complete<T> = (result: Result<T, TransferError>) => void;

/** What a connection needs of a request in flight, whatever it answers with. */
export interface InFlightRequest {
  readonly requestId: number;
  receivedAtStart: number;
  /** Grows whenever the request moves (a slice sent, a frame or slice received): its timeout counts time without any. */
  readonly progress: number;
  send(scheduler: OutboundScheduler): void;
  onFrame(op: number, body: Buffer): Result<void, string>;
  onDataStart(index: number, offset: number, length: number): Result<Uint8Array | null, string>;
  onDataEnd(index: number, length: number): void;
  abandon(scheduler: OutboundScheduler): void;
  /** Settles the request with `error`, unless it is already settled. */
  fail(error: TransferError): void;
}

/** One request in flight on a client connection, from sending it to its answer. */
export abstract class ClientRequest<T> implements InFlightRequest {
  /** Bytes the connection had received when this request went out: unchanged at its timeout means the peer went silent. */
  receivedAtStart = 0;
  progress = 0;

  constructor(
    readonly requestId: number,
    private readonly settle: Complete<T>,
  ) {}

  /** Settles the request with its answer. */
  protected complete(value: T): void {
    this.settle(ok(value));
  }

  fail(error: TransferError): void {
    this.settle(err(error));
  }

  /** Puts the request's frames on the connection. */
  abstract send(scheduler: OutboundScheduler): void;

  /** An answer frame (ITEM, WRITE_RESULT) for this request; an error breaks the connection. */
  abstract onFrame(op: number, body: Buffer): Result<void, string>;

  /** Where a DATA slice for this request goes. */
  onDataStart(_index: number, _offset: number, _length: number): Result<Uint8Array | null, string> {
    return err(`DATA for request ${this.requestId}, which expects none`);
  }

  onDataEnd(_index: number, _length: number): void {}

  /** The request failed or timed out on this side: stop sending it and tell the server to drop it. */
  abandon(scheduler: OutboundScheduler): void {
    scheduler.writeControl(encodeCancel(this.requestId));
  }
}
