/** One batch that reached its endpoint and was answered; bytes and blocks count only what moved. */
export interface TransferDone {
  /** `received`: a read (bytes came to this process); `sent`: a write. */
  readonly direction: 'sent' | 'received';
  /** Block bytes moved: found blocks of a read, stored blocks of a write. */
  readonly bytes: number;
  readonly blocks: number;
  /** From the call to its answer, whatever the answer. */
  readonly seconds: number;
}

/** Why blocks failed to move: a transport error kind for a whole batch, or why the node refused a block. */
export interface TransferFailed {
  readonly direction: 'sent' | 'received';
  readonly reason: string;
  /** Blocks this failure kept from moving. */
  readonly blocks: number;
}

/**
 * Told of every data-plane batch, for metrics. A read's `missing` keys are neither moved nor
 * failed: a miss is an answer. Implementations must return quickly and must not throw.
 */
export interface TransferObserver {
  onTransfer(done: TransferDone): void;
  onTransferFailed(failed: TransferFailed): void;
}

/**
 * An observer whose listeners come and go: the transport is built before the metrics that will
 * count its transfers exist, so it reports here and the metrics attach when they are ready.
 * Transfers before any listener attaches are not told to anyone.
 */
export class TransferObservers implements TransferObserver {
  private readonly listeners = new Set<TransferObserver>();

  /** Tells `listener` of every later transfer; the answer detaches it. */
  attach(listener: TransferObserver): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onTransfer(done: TransferDone): void {
    for (const listener of this.listeners) listener.onTransfer(done);
  }

  onTransferFailed(failed: TransferFailed): void {
    for (const listener of this.listeners) listener.onTransferFailed(failed);
  }
}
