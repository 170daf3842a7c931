import { closeSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBlockHeader, headerBytes, type BlockKey } from '@tsukimi/kv-block';
import { type ReceiveBuffer } from '../tcp/client/receive-buffer.pool';

/**
 * A node's blocks as files in its shared segment: `<dir>/<key>.blk`, every path built from a
 * BlockKey (16 hex digits) and nothing else. A block is written to a temp file and renamed into
 * place, so a reader opens a whole block or none, and an unlink never tears a read already open.
 *
 * The calls are synchronous on purpose: the segment lives in RAM, so each call is a copy or a
 * metadata change that finishes at memory speed, cheaper than a trip through the thread pool.
 */
export class SharedSegment {
  private seq = 0;

  constructor(readonly dir: string) {}

  /** Creates the directory; the holder calls it once before publishing. */
  create(): void {
    mkdirSync(this.dir, { recursive: true });
  }

  /** Makes `bytes` (a whole encoded block) readable under `key`. */
  publish(key: BlockKey, bytes: Uint8Array): void {
    const temp = join(this.dir, `${key}.${process.pid}.${(this.seq += 1).toString(36)}.tmp`);
    writeFileSync(temp, bytes, { flag: 'wx' });
    renameSync(temp, this.pathOf(key));
  }

  /** Withdraws `key`; false when it was not published. Readers that opened it keep their bytes. */
  withdraw(key: BlockKey): boolean {
    try {
      unlinkSync(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  /** Removes the whole segment (a node going away). */
  destroy(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Reads `key`'s file into memory from `take`: the block, `absent` when there is no file, or
   * `unusable` when the file is not a whole block of that key (wrong key, length or header), so the
   * caller asks the node instead. The payload checksum is left to the receiver, as over a socket.
   */
  read(key: BlockKey, take: (sizeBytes: number) => ReceiveBuffer): SegmentRead {
    let fd: number;
    try {
      fd = openSync(this.pathOf(key), 'r');
    } catch {
      return { status: 'absent' };
    }
    try {
      const sizeBytes = fstatSync(fd).size;
      if (sizeBytes < headerBytes) return { status: 'unusable' };
      const buffer = take(sizeBytes);
      let filled = 0;
      while (filled < sizeBytes) {
        const n = readSync(fd, buffer.bytes, filled, sizeBytes - filled, filled);
        if (n === 0) break;
        filled += n;
      }
      const header = decodeBlockHeader(buffer.bytes.subarray(0, headerBytes));
      if (filled !== sizeBytes || !header.ok || header.value.key !== key || header.value.totalBytes !== sizeBytes) {
        buffer.release();
        return { status: 'unusable' };
      }
      return { status: 'found', buffer };
    } catch {
      return { status: 'unusable' };
    } finally {
      closeSync(fd);
    }
  }

  private pathOf(key: BlockKey): string {
    return join(this.dir, `${key}.blk`);
  }
}

export type SegmentRead = { readonly status: 'found'; readonly buffer: ReceiveBuffer } | { readonly status: 'absent' } | { readonly status: 'unusable' };
