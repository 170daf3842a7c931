import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const PREFIX = 'tsukimi-llamacpp-';
/** `tsukimi-llamacpp-<pid>-<random>`: the process that made the directory is in its name. */
const OWNED = /^tsukimi-llamacpp-(\d+)-/;

/** The directories this process made: one named for this process's id that it did not make is a former holder's of the id (a container restarted under the same pid). */
const made = new Set<string>();

/** Whether a process with this id runs on this host (one we may not signal still runs). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the state directories engines of processes that no longer run left in `parent`: an
 * engine removes its own when disposed, but an instance killed or crashed leaves its sequences'
 * saved states behind (a context's worth of KV each: gigabytes for a large model), and a
 * restarting instance would otherwise fill the disk one crash at a time.
 */
export async function sweepDeadStateDirs(parent: string = os.tmpdir()): Promise<number> {
  let entries: string[];
  try {
    entries = await fs.readdir(parent);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const entry of entries) {
    const owner = OWNED.exec(entry)?.[1];
    if (owner === undefined) continue;
    const live = Number(owner) === process.pid ? made.has(path.join(parent, entry)) : alive(Number(owner));
    if (live) continue;
    await fs.rm(path.join(parent, entry), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** A fresh state directory of this process's own, after sweeping those dead processes left. */
export async function makeStateDir(parent: string = os.tmpdir()): Promise<string> {
  await sweepDeadStateDirs(parent);
  const dir = await fs.mkdtemp(path.join(parent, `${PREFIX}${process.pid}-`));
  made.add(dir);
  return dir;
}
