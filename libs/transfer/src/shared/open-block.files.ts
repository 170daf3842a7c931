import { closeSync } from 'node:fs';
import { type BlockKey } from '@tsukimi/kv-block';

export interface OpenBlockFile {
  readonly fd: number;
  readonly sizeBytes: number;
  /** The block's header as it was when the file was kept: a later read that finds other bytes is not this block. */
  readonly header: Uint8Array;
}

export interface OpenBlockFilesLimits {
  /** Most descriptors kept open. */
  readonly maxFiles: number;
  /** Most bytes of block files kept open: a withdrawn file's memory stays taken while it is open. */
  readonly maxBytes: number;
}

/**
 * Descriptors of block files kept open between reads, least recently used closed first, so a
 * block read again costs a positioned read instead of an open, a stat and a close. Every member
 * is synchronous, so no read can be between its steps while a descriptor is closed here.
 */
export class OpenBlockFiles {
  private readonly files = new Map<BlockKey, OpenBlockFile>();
  private openBytes = 0;

  constructor(private readonly limits: OpenBlockFilesLimits) {}

  /** The open file of `key`, now the most recently used; undefined when none is kept. */
  get(key: BlockKey): OpenBlockFile | undefined {
    const file = this.files.get(key);
    if (file === undefined) return undefined;
    this.files.delete(key);
    this.files.set(key, file);
    return file;
  }

  /** Keeps `file` open for `key`, closing the least recently used ones beyond the limits; closes `file` at once when it alone exceeds them. */
  keep(key: BlockKey, file: OpenBlockFile): void {
    this.forget(key);
    if (file.sizeBytes > this.limits.maxBytes || this.limits.maxFiles === 0) {
      closeSync(file.fd);
      return;
    }
    while (this.files.size >= this.limits.maxFiles || this.openBytes + file.sizeBytes > this.limits.maxBytes) {
      const oldest = this.files.keys().next();
      if (oldest.done === true) break;
      this.forget(oldest.value);
    }
    this.files.set(key, file);
    this.openBytes += file.sizeBytes;
  }

  /** Closes the file kept for `key`, if any. */
  forget(key: BlockKey): void {
    const file = this.files.get(key);
    if (file === undefined) return;
    this.files.delete(key);
    this.openBytes -= file.sizeBytes;
    closeSync(file.fd);
  }

  /** Closes every file kept. */
  closeAll(): void {
    for (const key of [...this.files.keys()]) this.forget(key);
  }

  /** Files kept open now. */
  get size(): number {
    return this.files.size;
  }
}
