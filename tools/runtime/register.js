'use strict';
/**
 * Lets Node run the workspace's TypeScript sources directly: every `.ts` file is
 * compiled on load with SWC (no type check; `npm run typecheck` does that).
 * Loaded with `node -r ./tools/runtime/register.js` or required by a bin script.
 *
 * Compiled output is kept in a cache keyed by the file's path, its source and the
 * compiler's version and options, so a service started again (or one of many started
 * at once by `tsukimi up`) reads JavaScript instead of compiling: a process that
 * finds every file cached never loads SWC, which saves its start-up CPU and about
 * 30 MB of memory per process. `TSUKIMI_COMPILE_CACHE=off` compiles every time;
 * `TSUKIMI_COMPILE_CACHE=DIR` puts the cache elsewhere.
 *
 * Stack traces name TypeScript lines through the inline source maps, unless
 * `TSUKIMI_SOURCE_MAPS=off` (the test suite starts hundreds of services and sets it): files are
 * then compiled without a map, cached apart from those with one, and Node decodes none. Maps
 * are about 70% of the compiled bytes, so a service start reads and parses about a third as
 * much, besides the 0.4 s of CPU that decoding every module's map costs.
 */
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const swcOptions = require('./swc-options');

const CACHE_SETTING = process.env.TSUKIMI_COMPILE_CACHE;
const CACHE_DIR = CACHE_SETTING === 'off' ? undefined : CACHE_SETTING || path.join(__dirname, '../../node_modules/.cache/tsukimi-compiled');
/** Changes the key whenever the compiler or how it is asked to compile changes. */
const COMPILER_FINGERPRINT = `${require('@swc/core/package.json').version}\0${fs.readFileSync(require.resolve('./swc-options'), 'utf8')}`;

const SOURCE_MAPS = process.env.TSUKIMI_SOURCE_MAPS !== 'off';

let transformSync;
function compile(source, filename) {
  transformSync ??= require('@swc/core').transformSync;
  const options = swcOptions(filename);
  return transformSync(source, SOURCE_MAPS ? options : { ...options, sourceMaps: false }).code;
}

function cachePath(source, filename) {
  const key = crypto
    .createHash('sha256')
    .update(COMPILER_FINGERPRINT)
    .update(SOURCE_MAPS ? '\0maps\0' : '\0no maps\0')
    .update(filename)
    .update('\0')
    .update(source)
    .digest('hex');
  return path.join(CACHE_DIR, key.slice(0, 2), `${key}.js`);
}

/** The compiled file, from the cache when it is there; a cache that cannot be read or written is only slower. */
function compiled(source, filename) {
  if (CACHE_DIR === undefined) return compile(source, filename);
  const file = cachePath(source, filename);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const code = compile(source, filename);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      // Written aside and renamed: processes starting together never read a half-written file.
      const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
      fs.writeFileSync(partial, code);
      fs.renameSync(partial, file);
    } catch {
      // A read-only or full disk: run without caching.
    }
    return code;
  }
}

if (!Module._extensions['.ts']) {
  Module._extensions['.ts'] = function compileTypeScript(module, filename) {
    module._compile(compiled(fs.readFileSync(filename, 'utf8'), filename), filename);
  };
  if (SOURCE_MAPS) process.setSourceMapsEnabled(true);
}
