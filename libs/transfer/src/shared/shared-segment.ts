import { closeSync, fstatSync, mkdirSync, openSync, read, readSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBlockHeader, headerBytes, type BlockKey } from '@tsukimi/kv-block';
import { type ReceiveBuffer } from '../tcp/client/receive-buffer.pool';

/**
 * A node's blocks as files in its shared segment: `<dir>/<key>.blk`, every path built from a
 * BlockKey (16 hex digits) and nothing else. A block is written to a temp file and renamed into
 * place, so a reader opens a whole block or none, and an unlink never tears a read already open.
 *
 * Metadata calls (open, stat, rename, unlink) are synchronous: the segment lives in RAM, so each
 * finishes at memory speed, cheaper than a trip through the thread pool. So are reads of short
 * blocks. A long block is read on the thread pool: the kernel's copy out of a RAM-backed file costs
 * about 1.5 times a user-space copy of the same bytes, and there the reads of a batch run side by
 * side on every core instead of one after another on this one.
 */
/** Blocks at least this long are read on the thread pool; shorter ones cost less to read here than the trip there. */
const POOLED_READ_BYTES = 256 * 1024;

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
  async read(key: BlockKey, take: (sizeBytes: number) => ReceiveBuffer): Promise<SegmentRead> {
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
      const filled = sizeBytes >= POOLED_READ_BYTES ? await readWhole(fd, buffer.bytes) : readWholeSync(fd, buffer.bytes);
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

/** Reads from the start of `fd` until `into` is full or the file ends; the bytes read. */
function readWholeSync(fd: number, into: Buffer): number {
  let filled = 0;
  while (filled < into.length) {
    const n = readSync(fd, into, filled, into.length - filled, filled);
    if (n === 0) break;
    filled += n;
  }
  return filled;
}

/** `readWholeSync` on the thread pool. */
async function readWhole(fd: number, into: Buffer): Promise<number> {
  let filled = 0;
  while (filled < into.length) {
    const n = await new Promise<number>((resolve, reject) => read(fd, into, filled, into.length - filled, filled, (error, bytesRead) => (error === null ? resolve(bytesRead) : reject(error))));
    if (n === 0) break;
    filled += n;
  }
  return filled;
}

export type SegmentRead = { readonly status: 'found'; readonly buffer: ReceiveBuffer } | { readonly status: 'absent' } | { readonly status: 'unusable' };
