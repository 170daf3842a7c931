import { spawnSync } from 'node:child_process';

/** Whether the files a read measures came from the device (`dropped` before each run) or from memory (`warm`). */
export type PageCacheState = 'dropped' | 'warm';

/**
 * Drops `paths` from the page cache: flushes them (`sync FILE…`), then advises the kernel to
 * drop their pages (GNU dd's `iflag=nocache count=0`, posix_fadvise DONTNEED over the whole
 * file). Touches only these files, so it needs no privilege and leaves others' cache alone.
 * False where the tools are missing or failed.
 */
export function dropFromPageCache(paths: readonly string[]): boolean {
  if (paths.length === 0) return true;
  const script = 'sync -- "$@" && for f in "$@"; do dd if="$f" iflag=nocache count=0 status=none || exit 1; done';
  return spawnSync('sh', ['-c', script, 'drop', ...paths], { stdio: 'ignore' }).status === 0;
}

/** Bytes of `paths` the page cache holds now (util-linux `fincore`), or null where that cannot be told. */
export function residentBytes(paths: readonly string[]): number | null {
  if (paths.length === 0) return 0;
  const listed = spawnSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', '--', ...paths], { encoding: 'utf8' });
  if (listed.status !== 0) return null;
  return listed.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .reduce((sum, line) => sum + Number(line.trim()), 0);
}

/** Drops `paths` from the page cache and says whether that worked, as fincore sees it afterwards. */
export function pageCacheAfterDrop(paths: readonly string[]): PageCacheState {
  return dropFromPageCache(paths) && residentBytes(paths) === 0 ? 'dropped' : 'warm';
}
