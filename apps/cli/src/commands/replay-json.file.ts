import * as fs from 'node:fs';
import { err, ok, type Result } from '@tsukimi/result';
import { builtinPlugins, loadSchedulerProfile, type SchedulerProfileConfig } from '@tsukimi/scheduler';

/** A JSON file's value, or one line saying why not. */
export function readJsonFile(path: string): Result<unknown, string> {
  try {
    return ok(JSON.parse(fs.readFileSync(path, 'utf8')) as unknown);
  } catch (error) {
    return err(`cannot read ${path}: ${error instanceof SyntaxError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
}

/** A scheduler profile file checked whole, as the conductor checks its own; the error names the key. */
export function readSchedulerProfileFile(path: string): Result<SchedulerProfileConfig, string> {
  const value = readJsonFile(path);
  if (!value.ok) return value;
  const loaded = loadSchedulerProfile(value.value, builtinPlugins());
  return loaded.ok ? loaded : err(`${path}: ${loaded.error.key}: ${loaded.error.message}`);
}
