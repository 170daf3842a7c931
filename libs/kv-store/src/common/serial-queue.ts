/**
 * Runs async tasks one after another, in submission order. A node's tier moves (put, demote,
 * promote, delete) go through one, so two of them never account the same free bytes twice.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
