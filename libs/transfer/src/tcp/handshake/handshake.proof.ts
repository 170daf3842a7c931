import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type SharedSecrets } from './shared-secret.port';

/**
 * The handshake that opens a data-plane connection when the server holds secrets, before any
 * frame: the server sends CHALLENGE = [4 magic "TSKA"][32-byte random nonce]; the client answers
 * PROOF = HMAC-SHA256(secret, context ‖ nonce), 32 bytes. The secret never crosses the wire, and a
 * proof seen once is worth nothing on another connection, whose nonce differs.
 */
export const CHALLENGE_MAGIC = Buffer.from('TSKA', 'latin1');
export const NONCE_BYTES = 32;
export const CHALLENGE_BYTES = CHALLENGE_MAGIC.length + NONCE_BYTES;
export const PROOF_BYTES = 32;

/** Binds a proof to this protocol, so an HMAC the same secret makes elsewhere cannot stand in for it. */
const CONTEXT = Buffer.from('tsukimi data plane v1\0', 'latin1');

export function newChallenge(): { readonly nonce: Buffer; readonly bytes: Buffer } {
  const nonce = randomBytes(NONCE_BYTES);
  return { nonce, bytes: Buffer.concat([CHALLENGE_MAGIC, nonce]) };
}

/** The nonce of a whole challenge, or undefined when the bytes are no challenge. */
export function nonceOf(challenge: Buffer): Buffer | undefined {
  if (challenge.length !== CHALLENGE_BYTES || !challenge.subarray(0, CHALLENGE_MAGIC.length).equals(CHALLENGE_MAGIC)) return undefined;
  return challenge.subarray(CHALLENGE_MAGIC.length);
}

export function proofOf(secret: string, nonce: Buffer): Buffer {
  return createHmac('sha256', secret).update(CONTEXT).update(nonce).digest();
}

/** Whether `proof` was made with one of the accepted secrets; every secret is tried, in constant time. */
export function provesSecret(secrets: SharedSecrets, nonce: Buffer, proof: Buffer): boolean {
  if (proof.length !== PROOF_BYTES) return false;
  let matched = false;
  for (const secret of secrets.accepted()) matched = timingSafeEqual(proofOf(secret, nonce), proof) || matched;
  return matched;
}
