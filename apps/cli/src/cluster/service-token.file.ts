import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The token file's name in the log directory. */
export const SERVICE_TOKEN_FILE = 'service-token';

/**
 * Writes a fresh random service token (256 bits) into `dir`, readable by this user alone, and
 * returns the file's path. A new one each run: a token from an earlier cluster opens nothing.
 */
export function writeServiceTokenFile(dir: string): string {
  const file = path.join(dir, SERVICE_TOKEN_FILE);
  fs.rmSync(file, { force: true });
  fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  return file;
}
