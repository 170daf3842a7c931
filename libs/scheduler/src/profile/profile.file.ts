import * as fs from 'node:fs';
import { err, type Result } from '@tsukimi/result';
import { builtinPlugins } from '../plugins/builtin.plugins';
import { loadSchedulerProfile } from './profile.build';
import { type SchedulerProfileConfig } from './profile.config';

/**
 * A scheduler profile file (JSON) read and checked whole against the built-in plugins, as the
 * conductor and the simulator both load one; the error is one line naming the file and the key.
 */
export function readSchedulerProfileFile(path: string): Result<SchedulerProfileConfig, string> {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    return err(`cannot read ${path}: ${error instanceof SyntaxError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
  const loaded = loadSchedulerProfile(value, builtinPlugins());
  return loaded.ok ? loaded : err(`${path}: ${loaded.error.key}: ${loaded.error.message}`);
}
