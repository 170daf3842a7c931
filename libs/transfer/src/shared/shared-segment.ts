import { closeSync, fstatSync, mkdirSync, openSync, read, readdirSync, readSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBlockHeader, headerBytes, type BlockKey } from '@tsukimi/kv-block';
import { type ReceiveBuffer } from '../tcp/client/receive-buffer.pool';
import { OpenBlockFiles, type OpenBlockFilesLimits } from './open-block.files';

/** Blocks at least this long are read on the thread pool; shorter ones cost less to read here than the trip there. */
const POOLED_READ_BYTES = 256 * 1024;

/** How many short blocks' files a reader keeps open, unless told otherwise. */
export const KEEP_OPEN_DEFAULTS: OpenBlockFilesLimits = { maxFiles: 1024, maxBytes: 64 * 1024 * 1024 };

/**
 * A node's blocks as files in its shared segment: `<dir>/<key>.blk`, every path built from a
 * BlockKey (16 hex digits) and nothing else. A block is written to a temp file and renamed into
 * place, so a reader opens a whole block or none; a read that a withdrawal cuts short is known by
 * its length and not served.
 *
 * Metadata calls (open, stat, rename, unlink) are synchronous: the segment lives in RAM, so each
 * finishes at memory speed, cheaper than a trip through the thread pool. So are reads of short
 * blocks. A long block is read on the thread pool: the kernel's copy out of a RAM-backed file costs
 * about 1.5 times a user-space copy of the same bytes, and there the reads of a batch run side by
 * side on every core instead of one after another on this one. A reader keeps a short block's file
 * open between reads (up to `keepOpen`): opening, stating and closing it cost more than reading a
 * block of a few KiB. A withdrawn file is emptied before it is unlinked, so a read through a kept
 * descriptor comes back short and the reader opens the path as it is now, as a fresh open would.
 * A file replaced by a new publish of its key is emptied the same way.
 */
export class SharedSegment {
  private seq = 0;
  private readonly openFiles: OpenBlockFiles;
  private closed = false;

  /** `keepOpen` bounds the files a reader of this segment keeps open between reads. */
  constructor(
    readonly dir: string,
    keepOpen: OpenBlockFilesLimits = KEEP_OPEN_DEFAULTS,
  ) {
    this.openFiles = new OpenBlockFiles(keepOpen);
  }

  /** Creates the directory; the holder calls it once before publishing. */
  create(): void {
    mkdirSync(this.dir, { recursive: true });
  }

  /** Makes `bytes` (a whole encoded block) readable under `key`. */
  publish(key: BlockKey, bytes: Uint8Array): void {
    const temp = join(this.dir, `${key}.${process.pid}.${(this.seq += 1).toString(36)}.tmp`);
    writeFileSync(temp, bytes, { flag: 'wx' });
    // A file it replaces is emptied first, as `withdraw` does, so no reader keeps it open unseen.
    emptyIfPresent(this.pathOf(key));
    renameSync(temp, this.pathOf(key));
  }

  /**
   * Withdraws `key`; false when it was not published. The file is emptied before its name goes, so
   * a reader that keeps it open reads it short from then on and asks the node instead, and its
   * memory is free at once. A read already under way comes back short and is not served.
   */
  withdraw(key: BlockKey): boolean {
    const path = this.pathOf(key);
    try {
      truncateSync(path, 0);
      unlinkSync(path);
      return true;
    } catch {
      return false;
    }
  }

  /** Removes the whole segment (a node going away), emptying each file first as `withdraw` does. */
  destroy(): void {
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) emptyIfPresent(join(this.dir, name));
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Reads `key`'s file into memory from `take`: the block, `absent` when there is no file, or
   * `unusable` when the file is not a whole block of that key (wrong key, length or header), so the
   * caller asks the node instead. The payload checksum is left to the receiver, as over a socket.
   * A short block is read here and now, and its file stays open for the next read of it (see
   * `OpenBlockFiles`); a long one's read resolves once the thread pool has read it.
   */
  read(key: BlockKey, take: (sizeBytes: number) => ReceiveBuffer): SegmentRead | Promise<SegmentRead> {
    const kept = this.readKept(key, take);
    if (kept !== undefined) return kept;
    let fd: number;
    try {
      fd = openSync(this.pathOf(key), 'r');
    } catch {
      return { status: 'absent' };
    }
    let sizeBytes = 0;
    try {
      sizeBytes = fstatSync(fd).size;
    } catch {
      // Read as too short below.
    }
    if (sizeBytes < headerBytes) {
      closeSync(fd);
      return { status: 'unusable' };
    }
    return sizeBytes >= POOLED_READ_BYTES ? this.readLong(key, fd, sizeBytes, take) : this.readShort(key, fd, sizeBytes, take);
  }

  /** Closes the files kept open for reading; reads after this open and close each file. */
  close(): void {
    this.closed = true;
    this.openFiles.closeAll();
  }

  /**
   * `key` read through the descriptor kept open for it; undefined when none is kept, or when its
   * file has since been withdrawn or damaged (the descriptor is then closed, and the caller opens
   * the path as it is now). The file was a whole block of the key when it was kept, so the same
   * length and header bytes are the same block.
   */
  private readKept(key: BlockKey, take: (sizeBytes: number) => ReceiveBuffer): SegmentRead | undefined {
    const file = this.openFiles.get(key);
    if (file === undefined) return undefined;
    try {
      // A withdrawn file reads empty (see `withdraw`), a damaged one short or foreign.
      const buffer = take(file.sizeBytes);
      if (readWholeSync(file.fd, buffer.bytes) === file.sizeBytes && buffer.bytes.compare(file.header, 0, headerBytes, 0, headerBytes) === 0) return { status: 'found', buffer };
      buffer.release();
    } catch {
      // Unreadable: the path decides.
    }
    this.openFiles.forget(key);
    return undefined;
  }

  /** A short block read here and now; its descriptor is kept for the next read of it. */
  private readShort(key: BlockKey, fd: number, sizeBytes: number, take: (sizeBytes: number) => ReceiveBuffer): SegmentRead {
    let outcome: SegmentRead = { status: 'unusable' };
    try {
      const buffer = take(sizeBytes);
      if (readWholeSync(fd, buffer.bytes) === sizeBytes && isWholeBlockOf(key, buffer.bytes)) outcome = { status: 'found', buffer };
      else buffer.release();
    } catch {
      // Unreadable: unusable.
    }
    if (outcome.status === 'found' && !this.closed) this.openFiles.keep(key, { fd, sizeBytes, header: Buffer.from(outcome.buffer.bytes.subarray(0, headerBytes)) });
    else closeSync(fd);
    return outcome;
  }

  /** A long block read on the thread pool, where the reads of a batch run side by side; its descriptor is closed. */
  private async readLong(key: BlockKey, fd: number, sizeBytes: number, take: (sizeBytes: number) => ReceiveBuffer): Promise<SegmentRead> {
    try {
      const buffer = take(sizeBytes);
      if ((await readWhole(fd, buffer.bytes)) === sizeBytes && isWholeBlockOf(key, buffer.bytes)) return { status: 'found', buffer };
      buffer.release();
      return { status: 'unusable' };
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

/** Truncates the file at `path` to nothing; a path with no file (or not a file) is left as it is. */
function emptyIfPresent(path: string): void {
  try {
    truncateSync(path, 0);
  } catch {
    // Nothing there to empty.
  }
}

/** Whether `bytes` are a whole block of `key` by its header: the key, and a total length that is all of them. */
function isWholeBlockOf(key: BlockKey, bytes: Uint8Array): boolean {
  const header = decodeBlockHeader(bytes.subarray(0, headerBytes));
  return header.ok && header.value.key === key && header.value.totalBytes === bytes.length;
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
