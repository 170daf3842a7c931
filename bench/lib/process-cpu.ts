import { readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/<pid>/stat: USER_HZ, 100 on every Linux this runs on. */
const USER_HZ = 100;

/**
 * CPU seconds (user + system, all threads) another process has used so far, or null where
 * /proc is not there or the process is gone. Tick resolution (10 ms): sum it over many runs.
 */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return null;
  }
}

/** CPU seconds this process has used so far, all threads. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Another process's CPU milliseconds per second of wall time over the next `windowMs`, or null where it is gone. */
export async function cpuMsPerSecond(pid: number, windowMs: number): Promise<number | null> {
  const before = processCpuSeconds(pid);
  const startMs = performance.now();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const after = processCpuSeconds(pid);
  if (before === null || after === null) return null;
  return ((after - before) * 1000) / ((performance.now() - startMs) / 1000);
}
