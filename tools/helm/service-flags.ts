import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/**
 * The flags a service accepts, read from its own `--help` (the config schema's rendering), so the
 * chart is checked against what the service parses today rather than a copy of its flag list.
 * `--[no-]x` yields both `--x` and `--no-x`.
 */
export async function serviceFlags(app: string): Promise<Set<string>> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', './tools/runtime/register.js', `apps/${app}/src/main.ts`, '--help'], { cwd: ROOT, encoding: 'utf8' });
  const flags = new Set<string>();
  for (const match of stdout.matchAll(/^\s+--(\[no-\])?([a-z0-9-]+)/gm)) {
    flags.add(`--${match[2]}`);
    if (match[1]) flags.add(`--no-${match[2]}`);
  }
  return flags;
}

/** `--name=value` and `--name` both name the flag `--name`. */
export function flagName(arg: string): string {
  return arg.split('=')[0]!;
}
