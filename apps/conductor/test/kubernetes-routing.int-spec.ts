import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateTinyModel, tinyModelId } from '@tsukimi/llama-model';
import { httpGet, ServiceProcess, until } from '@tsukimi/service-kit/testing';
import { FakeKubeApi, type FakePod } from './fake-kube-api';
import { promptText } from './prompt-text';

const APPS = path.resolve(__dirname, '..', '..');
const LOOPBACK = ['--host', '127.0.0.1', '--http-port', '0', '--grpc-port', '0'];

interface Served {
  readonly startedAtMs: number;
  readonly status: number;
  /** The instance ids the instances report (their --instance-id). */
  readonly prefill?: string;
  readonly decode?: string;
}

describe('conductor with --discovery kubernetes, real instances behind fake Pods', () => {
  const services: ServiceProcess[] = [];
  let api: FakeKubeApi;
  let dir: string;
  let conductor: ServiceProcess;
  let kvpool: ServiceProcess;
  let prefill: ServiceProcess[];
  let decode: ServiceProcess[];

  const start = async (app: string, args: string[], env?: NodeJS.ProcessEnv) => {
    const service = await ServiceProcess.start({ entry: path.join(APPS, app, 'src', 'main.ts'), args: [...LOOPBACK, ...args], ...(env ? { env } : {}) });
    services.push(service);
    return service;
  };
  const pod = (name: string, role: string, service: ServiceProcess, over: Partial<FakePod> = {}): FakePod => ({
    name,
    labels: { 'app.kubernetes.io/component': role },
    ip: '127.0.0.1',
    ready: true,
    ports: { grpc: service.grpcPort! },
    ...over,
  });
  const routable = async () => {
    const body = JSON.parse((await httpGet(conductor.httpPort, '/readyz')).body) as { checks?: { instances?: { details?: { prefill?: number; decode?: number } } } };
    return body.checks?.instances?.details ?? {};
  };

  beforeAll(async () => {
    api = await FakeKubeApi.start('tsukimi');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-kube-routing-'));
    const model = path.join(dir, 'tiny.gguf');
    fs.writeFileSync(model, generateTinyModel());
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, api.kubeconfig());
    kvpool = await start('kvpool', ['--dram-bytes', '64MiB']);
    const engine = ['--model-path', model, '--kvpool-address', `127.0.0.1:${kvpool.grpcPort}`];
    [prefill, decode] = await Promise.all([
      Promise.all([0, 1].map((i) => start('prefill', [...engine, '--instance-id', `prefill-${i}`]))),
      Promise.all([0, 1].map((i) => start('decode', [...engine, '--instance-id', `decode-${i}`]))),
    ]);
    prefill.forEach((service, i) => api.put(pod(`prefill-${i}`, 'prefill', service)));
    decode.forEach((service, i) => api.put(pod(`decode-${i}`, 'decode', service)));
    api.put(pod('kvpool-master-0', 'kvpool-master', kvpool));
    conductor = await start(
      'conductor',
      ['--discovery', 'kubernetes', '--instance-grpc-port', 'grpc', '--policy', 'round-robin', '--decode-policy', 'round-robin', '--probe-interval-ms', '200', '--probe-timeout-ms', '500', '--disaggregation', 'always'],
      { ...process.env, KUBECONFIG: kubeconfig },
    );
    await until('both prefill and both decode instances routable', async () => {
      const up = await routable();
      return up.prefill === 2 && up.decode === 2;
    });
  }, 90_000);

  afterAll(async () => {
    for (const service of services.reverse()) service.signal('SIGTERM');
    await Promise.all(services.map((service) => service.waitForExit(20_000).catch(() => undefined)));
    await api?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('sends no request to a Pod once it is unready or terminating, and sends to it again once it is ready', async () => {
    const served: Served[] = [];
    let running = true;
    let seed = 0;
    const worker = async () => {
      while (running) {
        const startedAtMs = Date.now();
        const response = await fetch(`http://127.0.0.1:${conductor.httpPort}/v1/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: tinyModelId(), prompt: promptText(40, ++seed), max_tokens: 2, temperature: 0 }),
        });
        const body = (await response.json()) as { usage?: { tsukimi?: { prefill_instance?: string; decode_instance?: string } } };
        served.push({ startedAtMs, status: response.status, prefill: body.usage?.tsukimi?.prefill_instance, decode: body.usage?.tsukimi?.decode_instance });
      }
    };
    const traffic = Promise.all([worker(), worker()]);
    try {
      const reached = (instance: string, after = 0) => served.some((s) => s.startedAtMs >= after && (s.prefill === instance || s.decode === instance));
      await until('traffic on every instance', () => ['prefill-0', 'prefill-1', 'decode-0', 'decode-1'].every((name) => reached(name)));

      api.put(pod('prefill-1', 'prefill', prefill[1]!, { ready: false }));
      api.put(pod('decode-1', 'decode', decode[1]!, { terminating: true }));
      await until('the unready and the terminating instance out of routing', async () => {
        const up = await routable();
        return up.prefill === 1 && up.decode === 1;
      });
      const gone = Date.now();
      const count = served.length;
      await until('20 more requests', () => served.length >= count + 20);
      const after = served.filter((s) => s.startedAtMs >= gone);
      expect(after.filter((s) => s.prefill === 'prefill-1' || s.decode === 'decode-1')).toEqual([]);

      api.delete('decode-1');
      api.put(pod('prefill-1', 'prefill', prefill[1]!));
      const back = Date.now();
      await until('traffic on the prefill instance ready again', () => reached('prefill-1', back));
    } finally {
      running = false;
      await traffic;
    }
    expect(served.filter((s) => s.status !== 200)).toEqual([]);
  }, 60_000);

  it('follows the kvpool master Pods it discovers as they turn unready, ready again, and are replaced', async () => {
    const logged = (msg: string, fields: Record<string, unknown> = {}) =>
      conductor.logs.filter((line) => line['msg'] === msg && Object.entries(fields).every(([key, value]) => line[key] === value)).length;
    const master = `127.0.0.1:${kvpool.grpcPort}`;
    await until('the index of the discovered master', () => logged('following the pool index') === 1);
    expect(logged('following kvpool masters', { masters: master })).toBe(1);

    api.put(pod('kvpool-master-0', 'kvpool-master', kvpool, { ready: false }));
    await until('no master to follow', () => logged('following kvpool masters', { masters: '' }) === 1);
    api.put(pod('kvpool-master-0', 'kvpool-master', kvpool));
    await until('the master ready again', () => logged('following kvpool masters', { masters: master }) === 2);

    // A new master (another pool, so another epoch) replaces it: the conductor loads its snapshot.
    const replacement = await start('kvpool', ['--dram-bytes', '16MiB']);
    api.delete('kvpool-master-0');
    api.put(pod('kvpool-master-1', 'kvpool-master', replacement));
    await until('the index of the replacement master', () => logged('following the pool index') === 2);
    expect(logged('following kvpool masters', { masters: `127.0.0.1:${replacement.grpcPort}` })).toBe(1);
  }, 30_000);
});
