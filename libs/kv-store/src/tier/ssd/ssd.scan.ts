import { join } from 'node:path';
import { decodeBlockHeader, headerBytes, type BlockCodecError, type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type BlockVerifier } from '../../common/block-verifier';
import { classifyFile, isShardName } from './ssd.layout';
import { type SsdFiles } from './ssd-files.port';

/**
 * How much a restart reads. `header`: the header, key and file length (a torn or truncated write
 * fails these), leaving the checksum to the first read, which verifies anyway. `full`: every byte.
 */
export type SsdScanMode = 'header' | 'full';

export interface SsdScanReport {
  readonly registered: number;
  /** Block files that failed the check, deleted. */
  readonly corruptDeleted: number;
  /** Unfinished writes (temp files) left by a crash, deleted. */
  readonly partialDeleted: number;
  /** Entries that are not ours (or not regular files, or unreadable), left alone. */
  readonly foreignSkipped: number;
}

export interface ScannedBlock {
  readonly key: BlockKey;
  readonly sizeBytes: number;
}

/** Finds the blocks in `dir`, oldest modification first (our best guess at least recently used), deleting what cannot be served. */
export async function scanSsdDir(
  files: SsdFiles,
  dir: string,
  mode: SsdScanMode,
  verify: BlockVerifier,
): Promise<{ readonly blocks: readonly ScannedBlock[]; readonly report: SsdScanReport }> {
  const found: (ScannedBlock & { readonly mtimeMs: number })[] = [];
  let corruptDeleted = 0;
  let partialDeleted = 0;
  let foreignSkipped = 0;
  const shards = (await files.readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory() && isShardName(entry.name));
  for (const shard of shards) {
    for (const entry of await files.readdir(join(dir, shard.name), { withFileTypes: true })) {
      const path = join(dir, shard.name, entry.name);
      // A directory or device under a block's name is not a block, and unlink could not remove it.
      const file = entry.isFile() ? classifyFile(shard.name, entry.name) : ({ kind: 'foreign' } as const);
      if (file.kind === 'foreign') {
        foreignSkipped += 1;
      } else if (file.kind === 'temp') {
        await files.unlink(path);
        partialDeleted += 1;
      } else {
        // A file the node cannot read is left alone, unserved, rather than failing the node's start.
        const checked = await checkFile(files, path, file.key, mode, verify).catch(() => null);
        if (checked === null) {
          foreignSkipped += 1;
        } else if (checked.ok) {
          found.push({ key: file.key, ...checked.value });
        } else {
          await files.unlink(path);
          corruptDeleted += 1;
        }
      }
    }
  }
  found.sort((a, b) => a.mtimeMs - b.mtimeMs);
  const blocks = found.map(({ key, sizeBytes }) => ({ key, sizeBytes }));
  return { blocks, report: { registered: blocks.length, corruptDeleted, partialDeleted, foreignSkipped } };
}

async function checkFile(
  files: SsdFiles,
  path: string,
  key: BlockKey,
  mode: SsdScanMode,
  verify: BlockVerifier,
): Promise<Result<{ sizeBytes: number; mtimeMs: number }, BlockCodecError>> {
  const handle = await files.open(path, 'r');
  try {
    const stat = await handle.stat();
    if (mode === 'full') {
      const verified = verify(key, await handle.readFile());
      return verified.ok ? ok({ sizeBytes: stat.size, mtimeMs: stat.mtimeMs }) : verified;
    }
    const head = new Uint8Array(headerBytes);
    const { bytesRead } = await handle.read(head, 0, headerBytes, 0);
    const header = decodeBlockHeader(head.subarray(0, bytesRead));
    if (!header.ok) return header;
    if (header.value.key !== key) return err({ kind: 'key-mismatch', expected: key, actual: header.value.key });
    if (header.value.totalBytes !== stat.size) {
      return err({ kind: 'length-mismatch', field: 'totalBytes', expected: header.value.totalBytes, actual: stat.size });
    }
    return ok({ sizeBytes: stat.size, mtimeMs: stat.mtimeMs });
  } finally {
    await handle.close();
  }
}
