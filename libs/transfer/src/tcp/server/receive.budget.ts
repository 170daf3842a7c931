/**
 * Bytes a server holds for incoming blocks that have not fully arrived, over all its connections.
 * A WRITE declares each block's size up front and its first slice makes the server allocate all
 * of it, so without a bound a peer could make the server reserve far more memory than it sends.
 */
export class ReceiveBudget {
  private heldBytes = 0;

  constructor(private readonly limitBytes: number) {}

  /** Reserves `bytes` if they fit under the limit; false (and nothing reserved) if not. */
  tryTake(bytes: number): boolean {
    if (this.heldBytes + bytes > this.limitBytes) return false;
    this.heldBytes += bytes;
    return true;
  }

  give(bytes: number): void {
    this.heldBytes -= bytes;
  }

  /** Bytes reserved now. */
  get takenBytes(): number {
    return this.heldBytes;
  }
}
