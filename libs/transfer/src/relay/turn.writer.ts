import { type Socket } from 'node:net';

/**
 * Writes frames to a socket, every frame written in one turn of the event loop (the tokens of
 * every stream one engine step produced) leaving in one system call at the end of that turn.
 */
export class TurnWriter {
  private corked = false;
  private readonly uncork = (): void => {
    if (!this.corked) return;
    this.corked = false;
    this.socket.uncork();
  };

  constructor(private readonly socket: Socket) {}

  /** False once the socket's buffer is over its high-water mark: wait for 'drain' before writing more. */
  write(frame: Buffer): boolean {
    if (this.socket.destroyed) return false;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(this.uncork);
    }
    return this.socket.write(frame);
  }

  /** Sends what this turn gathered now (before the socket ends). */
  flush(): void {
    this.uncork();
  }
}
