import type * as fsp from 'node:fs/promises';

/**
 * The slice of `fs/promises` an SSD tier uses, injectable so a test can hold a write between its
 * steps and watch what a reader could see.
 */
export type SsdFiles = Pick<typeof fsp, 'mkdir' | 'readdir' | 'readFile' | 'writeFile' | 'rename' | 'unlink' | 'open'>;

/** The errno code of a failed fs call, or `unknown`. */
export function fsErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}
