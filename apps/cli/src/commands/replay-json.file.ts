import * as fs from 'node:fs';
import { err, ok, type Result } from '@tsukimi/result';

/** A JSON file's value, or one line saying why not. */
export function readJsonFile(path: string): Result<unknown, string> {
  try {
    return ok(JSON.parse(fs.readFileSync(path, 'utf8')) as unknown);
  } catch (error) {
    return err(`cannot read ${path}: ${error instanceof SyntaxError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
}
