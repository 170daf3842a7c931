import { readFileSync } from 'node:fs';

/** Resident set size of a process in bytes, from /proc (Linux only). */
export function processRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'latin1');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (match === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** A field of Redis `INFO` as a number (e.g. `used_memory_rss`, `total_commands_processed`, `used_cpu_sys` in seconds). */
export function infoField(info: string, name: string): number {
  const match = new RegExp(`^${name}:(\\d+(?:\\.\\d+)?)`, 'm').exec(info);
  if (match === null) throw new Error(`INFO has no ${name}`);
  return Number(match[1]);
}
