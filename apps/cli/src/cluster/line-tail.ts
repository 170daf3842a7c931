/** The last `capacity` lines pushed, oldest first. */
export class LineTail {
  private readonly buffer: string[] = [];

  constructor(private readonly capacity: number) {}

  push(line: string): void {
    this.buffer.push(line);
    if (this.buffer.length > this.capacity) this.buffer.shift();
  }

  lines(): readonly string[] {
    return [...this.buffer];
  }
}
