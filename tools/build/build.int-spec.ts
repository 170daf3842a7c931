import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { httpGet, ServiceProcess } from '@tsukimi/service-kit/testing';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

let out: string;
beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-build-'));
  await run(process.execPath, ['tools/build/build.js', '--out', out], { cwd: ROOT });
}, 60_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

function compiledFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.js')).map((entry) => path.join(entry.parentPath, entry.name));
}

/** As Node resolves a relative require: the file, with `.js` or `.json`, or a folder's `index.js`. */
function resolvesInOutput(target: string): boolean {
  return [target, `${target}.js`, `${target}.json`, path.join(target, 'index.js')].some((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

describe('npm run build', () => {
  it('compiles every service and library, leaving no import of a workspace package by name and no tests', () => {
    const files = compiledFiles(path.join(out, 'libs')).concat(compiledFiles(path.join(out, 'apps')));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((file) => /\.(spec|int-spec)\.js$/.test(file))).toEqual([]);
    expect(files.filter((file) => /require\("@tsukimi\//.test(fs.readFileSync(file, 'utf8'))).map((file) => path.relative(out, file))).toEqual([]);
    expect(fs.existsSync(path.join(out, 'libs/proto/proto/tsukimi/v1/kvpool.proto'))).toBe(true);
  });

  it('leaves every relative import of every service and library resolvable inside the output', () => {
    const unresolved = [...compiledFiles(path.join(out, 'libs')), ...compiledFiles(path.join(out, 'apps'))].flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/require\("(\.[^"]*)"\)/g)].flatMap(([, spec]) => (resolvesInOutput(path.resolve(path.dirname(file), spec!)) ? [] : [`${path.relative(out, file)}: ${spec}`])),
    );
    expect(unresolved).toEqual([]);
  });

  it('starts the compiled kvpool to ready', async () => {
    const service = await ServiceProcess.start({ entry: path.join(out, 'apps/kvpool/src/main.js'), args: ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0'] });
    try {
      const deadline = Date.now() + 10_000;
      let status = (await httpGet(service.httpPort, '/readyz')).status;
      while (status !== 200 && Date.now() < deadline) status = (await httpGet(service.httpPort, '/readyz')).status;
      expect(status).toBe(200);
    } finally {
      service.signal('SIGTERM');
      await service.waitForExit();
    }
  });
});
