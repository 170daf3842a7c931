import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { progress } from '../lib/bench-stats';

/** Runs `measure` with a fresh directory for the services' logs: removed once it succeeds, kept and named when it fails. */
export async function withServiceLogs<T>(prefix: string, measure: (logDir: string) => Promise<T>): Promise<T> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    const result = await measure(logDir);
    fs.rmSync(logDir, { recursive: true, force: true });
    return result;
  } catch (error) {
    progress(`service logs kept in ${logDir}`);
    throw error;
  }
}
