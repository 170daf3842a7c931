import { type Socket } from 'node:net';
import { newChallenge, PROOF_BYTES, provesSecret } from './handshake.proof';
import { type SharedSecrets } from './shared-secret.port';

/**
 * The server's half of the handshake (see `handshake.proof`) on each accepted socket, before the
 * socket is handed to the frame protocol: nothing the client sends is parsed as a frame, and no
 * block is read or written, until its proof checks out. Bytes after the proof stay buffered in
 * the socket for the frame reader.
 */
export class HandshakeGate {
  private readonly waiting = new Set<Socket>();

  constructor(
    private readonly secrets: SharedSecrets,
    private readonly timeoutMs: number,
  ) {}

  /** Challenges `socket`; `passed` gets it once its proof is good, `failed` runs after it was destroyed. */
  admit(socket: Socket, passed: (socket: Socket) => void, failed: () => void): void {
    const { nonce, bytes } = newChallenge();
    this.waiting.add(socket);
    const finish = (proof: Buffer | null): void => {
      clearTimeout(timer);
      socket.off('readable', onReadable);
      socket.off('close', onClose);
      this.waiting.delete(socket);
      if (proof !== null && provesSecret(this.secrets, nonce, proof)) {
        passed(socket);
        return;
      }
      socket.destroy();
      failed();
    };
    const onReadable = (): void => {
      // Null until PROOF_BYTES arrived; at the end of the stream, whatever fewer bytes came.
      const proof = socket.read(PROOF_BYTES) as Buffer | null;
      if (proof !== null || socket.readableEnded) finish(proof);
    };
    const onClose = (): void => finish(null);
    const timer = setTimeout(() => finish(null), this.timeoutMs);
    socket.on('error', () => undefined);
    socket.on('readable', onReadable);
    socket.on('close', onClose);
    socket.write(bytes);
  }

  /** Drops every socket still owing its proof: the server is closing. */
  destroyAll(): void {
    for (const socket of this.waiting) socket.destroy();
  }
}
