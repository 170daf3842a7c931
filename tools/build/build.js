'use strict';
/**
 * `npm run build [-- --out DIR]`: compiles every service and library to JavaScript under DIR
 * (`dist` by default), mirroring the tree (`apps/kvpool/src/main.ts` → `DIR/apps/kvpool/src/main.js`),
 * so that production runs `node DIR/apps/<app>/src/main.js` without a compiler at start.
 *
 * Compiled with the options the runtime hook and jest use (decorators and their metadata as Nest
 * reads them), with each `@tsukimi/<lib>` import rewritten to a relative path to that library's
 * compiled entry, so the output needs no workspace links. Tests are left out; `.proto` and `.json`
 * files are copied beside the code that loads them by path. Source maps are written beside each
 * file, for `node --enable-source-maps` when a stack trace must name TypeScript lines.
 */
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');
const swcOptions = require('../runtime/swc-options');

const ROOT = path.resolve(__dirname, '../..');
const WORKSPACES = ['apps', 'libs'];
const TESTS = /\.(spec|int-spec)\.ts$|\.d\.ts$/;
const ASSETS = /\.(proto|json)$/;

function parseArgs(argv) {
  const at = argv.indexOf('--out');
  const unknown = argv.filter((arg, i) => arg !== '--out' && argv[i - 1] !== '--out');
  if (unknown.length > 0 || (at >= 0 && !argv[at + 1])) {
    throw new Error(`usage: build [--out DIR]; got ${argv.join(' ')}`);
  }
  return { out: path.resolve(ROOT, at >= 0 ? argv[at + 1] : 'dist') };
}

/**
 * `@tsukimi/<name>` → its entry, as `jsc.paths` wants it: relative to the root; and
 * `@tsukimi/<name>/testing` → the library's `testing.ts`, where it has one (its helpers shared with
 * other libraries' fixtures, such as a free port for a Redis server the pool's tests start).
 */
function workspacePaths() {
  const paths = {};
  for (const workspace of WORKSPACES) {
    for (const dir of fs.readdirSync(path.join(ROOT, workspace))) {
      const manifest = path.join(ROOT, workspace, dir, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const { name, main } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (name && main) paths[name] = [path.posix.join(workspace, dir, main)];
      if (name && fs.existsSync(path.join(ROOT, workspace, dir, 'testing.ts'))) paths[`${name}/testing`] = [path.posix.join(workspace, dir, 'testing.ts')];
    }
  }
  return paths;
}

function* filesUnder(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'test') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

async function compile(file, out, paths) {
  const options = { ...swcOptions(file), sourceMaps: true, swcrc: false };
  options.jsc = { ...options.jsc, baseUrl: ROOT, paths };
  const { code, map } = await swc.transform(await fs.promises.readFile(file, 'utf8'), options);
  const target = path.join(out, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await fs.promises.writeFile(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
  await fs.promises.writeFile(`${target}.map`, map);
}

async function build({ out }) {
  const paths = workspacePaths();
  const files = WORKSPACES.flatMap((workspace) => [...filesUnder(path.join(ROOT, workspace))]);
  const sources = files.filter((file) => file.endsWith('.ts') && !TESTS.test(file));
  await fs.promises.rm(out, { recursive: true, force: true });
  // A handful at a time: enough to keep the compiler busy without holding every file in memory.
  for (let first = 0; first < sources.length; first += 16) {
    await Promise.all(sources.slice(first, first + 16).map((file) => compile(file, out, paths)));
  }
  for (const file of files.filter((name) => ASSETS.test(name))) {
    const target = path.join(out, path.relative(ROOT, file));
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.copyFile(file, target);
  }
  // Outside the repository, the output reaches the dependencies through a link.
  if (path.relative(ROOT, out).startsWith('..')) await fs.promises.symlink(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
  return sources.length;
}

if (require.main === module) {
  const started = Date.now();
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  build(options).then(
    (count) => process.stdout.write(`compiled ${count} files into ${path.relative(process.cwd(), options.out) || '.'} in ${Date.now() - started} ms\n`),
    (error) => {
      process.stderr.write(`build failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}

module.exports = { build };
