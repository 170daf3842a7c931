import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { httpGet, sampleValue, ServiceProcess } from '@tsukimi/service-kit/testing';
import { runTsukimi } from './tsukimi-run.testing';

const KVPOOL_MAIN = path.resolve(__dirname, '../../../kvpool/src/main.ts');
const TOKEN = 'drain-command-token-0123456789abcdef';

const tsukimiDrain = (args: readonly string[]) => runTsukimi(['drain', ...args]);

describe('tsukimi drain', () => {
  let dir: string;
  let tokenFile: string;
  let kvpool: ServiceProcess;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-drain-'));
    tokenFile = path.join(dir, 'service-tokens');
    fs.writeFileSync(tokenFile, `${TOKEN}\n`);
    kvpool = await ServiceProcess.start({ entry: KVPOOL_MAIN, args: ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0', '--dram-bytes', '16MiB', '--service-token-file', tokenFile] });
  }, 60_000);

  afterAll(async () => {
    kvpool?.signal('SIGTERM');
    await kvpool?.waitForExit(20_000).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it.each([
    ['no address', [], /^tsukimi: usage: tsukimi drain </, 2],
    ['an address that is not http', ['ftp://127.0.0.1:1'], /^tsukimi: drain unreachable: not an http\(s\) URL/, 1],
    ['a port nothing listens on', ['http://127.0.0.1:1'], /^tsukimi: drain unreachable: cannot reach http:\/\/127\.0\.0\.1:1\/admin\/drain/, 1],
    ['a token file that does not exist', ['http://127.0.0.1:1', '--service-token-file', '/nonexistent/tokens'], /^tsukimi: --service-token-file: /, 2],
  ])('fails on %s in one line', async (_name, args, message, code) => {
    const run = await tsukimiDrain(args);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect([run.code, run.stdout]).toEqual([code, '']);
  }, 30_000);

  it('is refused without the service token; with it the service drains, reports, stays up for probes, and exits at once on SIGTERM', async () => {
    const address = `http://127.0.0.1:${kvpool.httpPort}`;
    const refused = await tsukimiDrain([address]);
    expect([refused.code, refused.stderr]).toEqual([1, `tsukimi: drain unauthorized: ${address}/admin/drain refused the service token (401)\n`]);
    expect((await httpGet(kvpool.httpPort, '/readyz')).status).toBe(200);

    const drained = await tsukimiDrain([address, '--service-token-file', tokenFile]);
    expect([drained.code, drained.stderr]).toEqual([0, '']);
    expect(JSON.parse(drained.stdout)).toEqual({ reason: 'admin', drainMs: expect.any(Number), timedOut: false });
    expect((await httpGet(kvpool.httpPort, '/readyz')).status).toBe(503);
    expect((await httpGet(kvpool.httpPort, '/healthz')).status).toBe(200);
    const metrics = await fetch(`${address}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } }).then((r) => r.text());
    expect([sampleValue(metrics, 'tsukimi_service_drain_calls_total{outcome="unauthorized"}'), sampleValue(metrics, 'tsukimi_service_drain_calls_total{outcome="drained"}')]).toEqual([1, 1]);

    kvpool.signal('SIGTERM');
    expect(await kvpool.waitForExit(10_000)).toEqual({ code: 0, signal: null });
    expect(kvpool.logs.filter((line) => line['msg'] === 'service drained')).toHaveLength(1);
  }, 60_000);
});
