'use strict';
/**
 * Lets Node run the workspace's TypeScript sources directly: every `.ts` file is
 * compiled on load with SWC (no type check; `npm run typecheck` does that).
 * Loaded with `node -r ./tools/runtime/register.js` or required by a bin script.
 */
const Module = require('node:module');
const fs = require('node:fs');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

if (!Module._extensions['.ts']) {
  Module._extensions['.ts'] = function compileTypeScript(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = transformSync(source, swcOptions(filename));
    module._compile(code, filename);
  };
  process.setSourceMapsEnabled(true);
}
