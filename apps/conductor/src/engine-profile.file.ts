import * as fs from 'node:fs';
import { err, ok, type Result } from '@tsukimi/result';
import { type EngineProfile, parseEngineProfile } from '@tsukimi/scheduler';

/** The engine profile file the configuration names, read and checked; the error is one line naming the key. */
export function readEngineProfile(path: string): Result<EngineProfile, string> {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    return err(`engineProfile: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseEngineProfile(text);
  return parsed.ok ? ok(parsed.value) : err(`engineProfile: ${path}: ${parsed.error.path}: ${parsed.error.message}`);
}
