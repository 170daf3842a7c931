import * as fs from 'node:fs';
import { err, type Result } from '@tsukimi/result';
import { builtinPlugins, loadSchedulerProfile, type SchedulerProfileConfig } from '@tsukimi/scheduler';

/** The scheduler profile file the configuration names (JSON), read and checked whole; the error is one line naming the key. */
export function readSchedulerProfile(path: string): Result<SchedulerProfileConfig, string> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error));
    return err(`schedulerProfile: cannot read ${path}: ${why}`);
  }
  const loaded = loadSchedulerProfile(value, builtinPlugins());
  return loaded.ok ? loaded : err(`schedulerProfile: ${path}: ${loaded.error.key}: ${loaded.error.message}`);
}
