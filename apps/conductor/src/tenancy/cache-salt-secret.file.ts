import * as fs from 'node:fs';
import { CACHE_SALT_SECRET_MIN_BYTES } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';

/**
 * The secret salts are derived from, as the file holds it less surrounding whitespace (a
 * Kubernetes Secret written with a trailing newline means the same secret on every replica).
 */
export function readCacheSaltSecret(path: string): Result<Buffer, string> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (error) {
    return err(`cacheSaltSecretFile: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const secret = Buffer.from(bytes.toString('latin1').trim(), 'latin1');
  if (secret.length < CACHE_SALT_SECRET_MIN_BYTES) {
    return err(`cacheSaltSecretFile: ${path}: holds ${secret.length} bytes; at least ${CACHE_SALT_SECRET_MIN_BYTES} are needed (e.g. openssl rand -hex 32)`);
  }
  return ok(secret);
}
