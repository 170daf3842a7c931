import { err, ok, type Result } from '@tsukimi/result';
import { CHALLENGE_BYTES, nonceOf, proofOf } from './handshake.proof';
import { type SharedSecrets } from './shared-secret.port';

/**
 * The client's half of the handshake (see `handshake.proof`): the server's challenge is read
 * into a buffer of exactly its size, so no frame byte that follows can land in it, and the proof
 * is computed once it is whole. Until then the connection sends nothing.
 */
export class ClientHandshake {
  private readonly challenge = Buffer.alloc(CHALLENGE_BYTES);
  private received = 0;

  constructor(private readonly secrets: SharedSecrets) {}

  /** The challenge is not whole yet: reads go to `nextBuffer`, requests wait. */
  get pending(): boolean {
    return this.received < CHALLENGE_BYTES;
  }

  /** Where the next bytes read from the socket go: the rest of the challenge and no more. */
  nextBuffer(): Buffer {
    return this.challenge.subarray(this.received);
  }

  /** `n` bytes arrived in `nextBuffer()`: the proof to send once the challenge is whole, null before. */
  commit(n: number): Result<Buffer | null, string> {
    this.received += n;
    if (this.pending) return ok(null);
    const nonce = nonceOf(this.challenge);
    if (nonce === undefined) return err('the server sent no handshake challenge (does it hold no service token?)');
    return ok(proofOf(this.secrets.sending(), nonce));
  }
}
