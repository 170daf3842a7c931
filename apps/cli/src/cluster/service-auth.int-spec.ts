import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { connect } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { credentials, Metadata, status } from '@grpc/grpc-js';
import OpenAI from 'openai';
import { callUnary, tsukimiProto } from '@tsukimi/proto';
import { sampleValue, ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { type LocalCluster, startLocalCluster } from './local-cluster';

const KVPOOL_MAIN = path.resolve(__dirname, '../../../kvpool/src/main.ts');
const REGISTER = path.resolve(__dirname, '../../../../tools/runtime/register.js');
const NEW_TOKEN = 'rotated-token-0123456789abcdef';
/** The first bytes a data-plane client sends: HELLO ([4 magic][u16 version]) then READ of one key, framed as [u32 bytes][u8 op][u32 request id][body]. */
const HELLO_AND_READ = Buffer.from('0b00000001000000005453 4b540100 1100000010 01000000 01000000 0123456789abcdef'.replace(/\s/g, ''), 'hex');
const CHALLENGE_BYTES = 36;

const scrape = (httpPort: number, token?: string) => fetch(`http://127.0.0.1:${httpPort}/metrics`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

describe('service tokens across a local cluster (real processes)', () => {
  let dir: string;
  let cluster: LocalCluster;
  let tokenFile: string;
  let token: string;
  const service = (name: string) => cluster.services.find((s) => s.name === name)!;
  const complete = async () => {
    const client = new OpenAI({ baseURL: cluster.endpoint, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    const completion = await client.completions.create({ model: cluster.modelName, prompt: 'a prompt long enough to fill a few blocks of sixteen tokens each', max_tokens: 3, temperature: 0 });
    return completion.choices[0]?.text;
  };
  const refusals = async (plane: string) => sampleValue(await (await scrape(service('kvpool-0').httpPort, token)).text(), `tsukimi_service_auth_refusals_total{plane="${plane}"}`) ?? 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-service-auth-'));
    // Overlapped KV with its writer thread: the prefill instance stores blocks from that thread, which reads the token file itself.
    const env = { ...process.env, TSUKIMI_CACHE_DIR: path.join(dir, 'cache'), TSUKIMI_PREFILL_OVERLAP_KV: 'true', TSUKIMI_PREFILL_OVERLAP_STORE_THREAD: 'true', TSUKIMI_CONDUCTOR_OVERLAP_KV: 'true' };
    cluster = await startLocalCluster({ prefill: 1, decode: 1, kvpool: 1, port: 0, disaggregation: 'always', serviceToken: true, logDir: path.join(dir, 'logs'), env });
    tokenFile = cluster.serviceTokenFile!;
    token = fs.readFileSync(tokenFile, 'utf8').trim();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a completion through the official client, its blocks stored over the authenticated data plane, and answers /metrics only with the token (probes stay open)', async () => {
    expect(typeof (await complete())).toBe('string');
    await until('the prompt\'s blocks to land in the pool', async () => (sampleValue(await (await scrape(service('kvpool-0').httpPort, token)).text(), 'tsukimi_kvpool_held_blocks{tier="dram"}') ?? 0) > 0);
    expect(await refusals('data')).toBe(0);
    for (const s of cluster.services) {
      const answers = [(await scrape(s.httpPort)).status, (await scrape(s.httpPort, 'not-the-token-0123456789')).status, (await scrape(s.httpPort, token)).status];
      const probes = await Promise.all(['/healthz', '/readyz'].map(async (p) => (await fetch(`http://127.0.0.1:${s.httpPort}${p}`)).status));
      expect([s.name, answers, probes]).toEqual([s.name, [401, 401, 200], [200, 200]]);
    }
  });

  it('refuses a raw gRPC call without the token, or with another, as UNAUTHENTICATED', async () => {
    const v1 = tsukimiProto().tsukimi.v1;
    const pool = new v1.KvPool(`127.0.0.1:${service('kvpool-0').grpcPort}`, credentials.createInsecure());
    const prefill = new v1.Prefill(`127.0.0.1:${service('prefill-0').grpcPort}`, credentials.createInsecure());
    const withToken = (value?: string) => {
      const metadata = new Metadata();
      if (value !== undefined) metadata.set('authorization', `Bearer ${value}`);
      return metadata;
    };
    const codes = [];
    for (const metadata of [withToken(), withToken('not-the-token-0123456789'), withToken(token)]) {
      const stats = await callUnary((r, m, o, cb) => pool.stats(r, m, o, cb), {}, metadata, 5_000);
      const describe = await callUnary((r, m, o, cb) => prefill.describe(r, m, o, cb), {}, metadata, 5_000);
      codes.push([stats.ok ? status.OK : stats.error.code, describe.ok ? status.OK : describe.error.code]);
    }
    pool.close();
    prefill.close();
    expect(codes).toEqual([[status.UNAUTHENTICATED, status.UNAUTHENTICATED], [status.UNAUTHENTICATED, status.UNAUTHENTICATED], [status.OK, status.OK]]);
  });

  it('closes a raw data-plane connection that sends frames in place of a proof, having sent nothing but its challenge', async () => {
    const before = await refusals('data');
    const socket = connect(service('kvpool-0').dataPort!, '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
    socket.write(Buffer.concat([HELLO_AND_READ, Buffer.alloc(32)]));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Buffer.concat(received)).toHaveLength(CHALLENGE_BYTES);
    await until('the data-plane refusal to be counted', async () => (await refusals('data')) > before);
  });

  it('keeps a storage node with a wrong token out of the pool: its heartbeats are refused', async () => {
    const wrong = path.join(dir, 'wrong-token');
    fs.writeFileSync(wrong, 'a-wrong-token-0123456789abcdef\n');
    const before = await refusals('grpc');
    const node = await ServiceProcess.start({
      entry: KVPOOL_MAIN,
      args: ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0', '--role', 'node', '--node-id', 'intruder', '--data-port', '0', '--master-address', `127.0.0.1:${service('kvpool-0').grpcPort}`, '--service-token-file', wrong],
    });
    try {
      await node.waitForLog('master unreachable; will retry', 15_000);
      expect(await refusals('grpc')).toBeGreaterThan(before);
      expect(node.transcript()).not.toContain('a-wrong-token');
    } finally {
      node.kill();
    }
  });

  it('rotates without a restart: a token added, sent, then the old one removed, and completions keep being served', async () => {
    // Each step waits for every holder of the file to report taking it (the prefill process has two: the instance and its pool-writer thread), as an operator's roll would.
    const holders = (name: string) => (name.startsWith('prefill') ? 2 : 1);
    const reloads = (logFile: string) => fs.readFileSync(logFile, 'utf8').split('\n').filter((line) => line.includes('"service tokens reloaded"')).length;
    const everyoneTook = (step: number) => until(`every service to take change ${step} of the token file`, async () => cluster.services.every((s) => reloads(s.logFile) >= step * holders(s.name)));
    fs.appendFileSync(tokenFile, `${NEW_TOKEN}\n`);
    await everyoneTook(1);
    fs.writeFileSync(tokenFile, `${NEW_TOKEN}\n${token}\n`);
    await everyoneTook(2);
    expect(typeof (await complete())).toBe('string');
    fs.writeFileSync(tokenFile, `${NEW_TOKEN}\n`);
    await everyoneTook(3);
    expect(await Promise.all(cluster.services.map(async (s) => [(await scrape(s.httpPort, token)).status, (await scrape(s.httpPort, NEW_TOKEN)).status]))).toEqual(cluster.services.map(() => [401, 200]));
    expect(typeof (await complete())).toBe('string');
  });

  it('stops a service whose token file holds no token: exit 1, one line naming the flag', () => {
    const empty = path.join(dir, 'empty-tokens');
    fs.writeFileSync(empty, '\n');
    const run = spawnSync(process.execPath, ['-r', REGISTER, KVPOOL_MAIN, '--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0', '--service-token-file', empty], { encoding: 'utf8', timeout: 60_000 });
    const lines = `${run.stdout}${run.stderr}`.trim().split('\n');
    expect([run.status, lines.length]).toEqual([1, 1]);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', reason: `--service-token-file: ${empty} holds no token` });
  });

  it('writes no token into any service\'s log', () => {
    const logs = path.join(dir, 'logs');
    const written = fs.readdirSync(logs).filter((name) => path.join(logs, name) !== tokenFile).map((name) => fs.readFileSync(path.join(logs, name), 'utf8'));
    expect(written.length).toBeGreaterThanOrEqual(cluster.services.length);
    expect(written.filter((text) => text.includes(token) || text.includes(NEW_TOKEN))).toEqual([]);
  });
});
