/**
 * Gathers what one turn of the event loop produces and hands it on as one batch when the turn
 * ends, or at once on reaching `maxItems`. The index stream sends a commit's events (a put's
 * blocks) as one gRPC message this way, where one message per event cost each subscriber a
 * message's decoding and dispatch per block.
 */
export class TurnBatcher<T> {
  private items: T[] = [];
  private scheduled = false;
  private readonly turnEnded = (): void => {
    this.scheduled = false;
    this.flush();
  };

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly maxItems: number,
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.maxItems) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.turnEnded);
    }
  }

  /** Hands on what is gathered now. */
  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.deliver(items);
  }
}
