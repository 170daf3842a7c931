import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTinyModel, TINY_MODEL_DEFAULTS, tinyModelId } from '@tsukimi/llama-model';

/** Where generated models live: `$TSUKIMI_CACHE_DIR`, else `$XDG_CACHE_HOME/tsukimi`, else `~/.cache/tsukimi`. */
export function cacheDir(env: NodeJS.ProcessEnv): string {
  if (env['TSUKIMI_CACHE_DIR']) return env['TSUKIMI_CACHE_DIR'];
  return path.join(env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache'), 'tsukimi');
}

/**
 * The default tiny model's path, generating it on first use. Generation is deterministic,
 * and the file is written under a temporary name then renamed, so concurrent first runs
 * cannot leave a partial model behind.
 */
export function ensureTinyModel(env: NodeJS.ProcessEnv): { path: string; generated: boolean } {
  const file = path.join(cacheDir(env), 'models', `${tinyModelId(TINY_MODEL_DEFAULTS)}.gguf`);
  if (fs.existsSync(file)) return { path: file, generated: false };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, generateTinyModel(TINY_MODEL_DEFAULTS));
  fs.renameSync(partial, file);
  return { path: file, generated: true };
}
