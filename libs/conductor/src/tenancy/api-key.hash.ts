import { createHash, randomBytes } from 'node:crypto';

/** Every key the conductor makes starts so, which lets secret scanners and people tell them apart. */
export const API_KEY_PREFIX = 'tsk-';

/** The form keys are stored in: the SHA-256 of the key's UTF-8 bytes as 64 lowercase hex digits. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A fresh key: 32 random bytes (256 bits, beyond guessing) in base64url after the prefix. */
export function newApiKey(random: (bytes: number) => Buffer = randomBytes): string {
  return `${API_KEY_PREFIX}${random(32).toString('base64url')}`;
}

/** Keys are sent in a header: anything else a client could not type in one is refused when hashing. */
export function apiKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'the key is empty';
  if (key.length > 512) return 'the key is longer than 512 characters';
  if (!/^[\x21-\x7e]+$/.test(key)) return 'the key holds whitespace or characters outside printable ASCII, which an Authorization header cannot carry';
  return undefined;
}
