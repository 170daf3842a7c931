import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { ClusterStartError } from './cluster-start.error';
import { type ClusterEvent } from './cluster.events';
import { freePort } from '@tsukimi/service-kit/testing';
import { type LocalCluster, type StartLocalClusterOptions, startLocalCluster } from './local-cluster';

/** True while a process with this pid exists. */
function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a cluster; a start-up failure is rethrown with the failing service's last log lines,
 * which are otherwise lost with the test's temporary directory.
 */
async function start(options: StartLocalClusterOptions): Promise<LocalCluster> {
  try {
    return await startLocalCluster(options);
  } catch (error) {
    if (!(error instanceof ClusterStartError)) throw error;
    throw new Error([`${error.message} [${error.code}]`, ...(error.details.lastLines ?? [])].join('\n'), { cause: error });
  }
}

/**
 * A cluster whose conductor listens on a port chosen here. The port was free when chosen, but a
 * process elsewhere on the machine may bind it before the conductor does; only that case is retried.
 */
async function startOnFreePort(options: Omit<StartLocalClusterOptions, 'port'>): Promise<{ cluster: LocalCluster; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { cluster: await start({ ...options, port }), port };
    } catch (error) {
      if (attempt >= 3 || !String((error as Error).message).includes('EADDRINUSE')) throw error;
    }
  }
}

describe('startLocalCluster (real services as child processes)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const started: LocalCluster[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-cluster-test-'));
    env = { ...process.env, TSUKIMI_CACHE_DIR: path.join(dir, 'cache') };
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((cluster) => cluster.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts kvpool, prefill, decode and the conductor ready, serves /v1/models, and stops every child', async () => {
    const events: ClusterEvent[] = [];
    const { cluster, port } = await startOnFreePort({ prefill: 1, decode: 1, kvpool: 1, logDir: path.join(dir, 'logs'), env, onEvent: (e) => events.push(e) });
    started.push(cluster);

    expect(cluster.endpoint).toBe(`http://127.0.0.1:${port}/v1`);
    expect(cluster.modelName).toMatch(/^tsukimi-tiny-/);
    expect(events[0]).toMatchObject({ kind: 'model', generated: true, path: expect.stringContaining(path.join(dir, 'cache')) });
    expect(cluster.services.map((s) => s.name).sort()).toEqual(['conductor', 'decode-0', 'kvpool-0', 'prefill-0']);
    for (const service of cluster.services) {
      const readyz = await fetch(`http://127.0.0.1:${service.httpPort}/readyz`);
      expect([service.name, readyz.status]).toEqual([service.name, 200]);
      expect(fs.existsSync(service.logFile)).toBe(true);
    }
    const models = (await (await fetch(`${cluster.endpoint}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual([cluster.modelName]);

    const stopped = await cluster.stop();
    expect(stopped.map((s) => s.name)).toEqual(['conductor', expect.any(String), expect.any(String), 'kvpool-0']);
    expect(stopped.map((s) => [s.name, s.code, s.killed])).toEqual(expect.arrayContaining([['prefill-0', 0, false], ['decode-0', 0, false]]));
    expect(cluster.services.filter((s) => alive(s.pid))).toEqual([]);
  });

  it('with --kvpool 2 starts a pool master and two storage nodes, and the KV of a request lands on a node; with restart off, reports a service that dies after start-up, naming it', async () => {
    // Disaggregated, so the prompt's blocks go through the pool: a short prompt run whole on the
    // decode instance (the conductor's auto choice) keeps its blocks in that instance's memory.
    const cluster = await start({ prefill: 1, decode: 1, kvpool: 2, port: 0, disaggregation: 'always', restart: false, logDir: path.join(dir, 'logs'), env });
    started.push(cluster);
    expect(cluster.services.map((s) => s.name).sort()).toEqual(['conductor', 'decode-0', 'kvpool-0', 'kvpool-1', 'kvpool-master', 'prefill-0']);
    const completion = await fetch(`${cluster.endpoint}/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: cluster.modelName, prompt: 'a prompt long enough to fill a few blocks of sixteen tokens each', max_tokens: 4, temperature: 0 }),
    });
    expect(completion.status).toBe(200);
    // Nodes refresh their usage gauge at each heartbeat; wait for the one after the store.
    const nodes = cluster.services.filter((s) => s.name.startsWith('kvpool-') && s.name !== 'kvpool-master');
    const heldBytes = async () => {
      const usage = await Promise.all(
        nodes.map(async (s) => {
          const metrics = await (await fetch(`http://127.0.0.1:${s.httpPort}/metrics`)).text();
          return Number(/^tsukimi_kvpool_used_bytes\{tier="dram"\} (\S+)$/m.exec(metrics)?.[1] ?? 0);
        }),
      );
      return usage.reduce((a, b) => a + b, 0);
    };
    const deadline = Date.now() + 10_000;
    while ((await heldBytes()) === 0 && Date.now() < deadline) await new Promise<void>((resolve) => setTimeout(resolve, 100));
    expect(await heldBytes()).toBeGreaterThan(0);

    const decode = cluster.services.find((s) => s.name === 'decode-0')!;
    process.kill(decode.pid!, 'SIGKILL');
    expect(await cluster.unexpectedExit).toEqual({ service: 'decode-0', code: null, signal: 'SIGKILL' });
    await cluster.stop();
    expect(cluster.services.filter((s) => alive(s.pid))).toEqual([]);
  });

  it('restarts a decode instance that dies on its ports, while the other decode keeps serving', async () => {
    const events: ClusterEvent[] = [];
    const waiters: { test: (e: ClusterEvent) => boolean; resolve: (e: ClusterEvent) => void }[] = [];
    const onEvent = (event: ClusterEvent) => {
      events.push(event);
      for (const waiter of waiters.filter((w) => w.test(event))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    };
    const next = (test: (e: ClusterEvent) => boolean) => new Promise<ClusterEvent>((resolve) => waiters.push({ test, resolve }));
    const cluster = await start({ prefill: 1, decode: 2, port: 0, disaggregation: 'always', logDir: path.join(dir, 'logs'), env, onEvent });
    started.push(cluster);
    const client = new OpenAI({ baseURL: cluster.endpoint, apiKey: 'unused', maxRetries: 0 });
    const complete = (i: number) => client.completions.create({ model: cluster.modelName, prompt: `request ${i} after a decode instance died`, max_tokens: 3, temperature: 0 });
    const before = cluster.services.find((s) => s.name === 'decode-0')!;

    const exited = next((e) => e.kind === 'service-exited' && e.name === 'decode-0');
    const restarted = next((e) => e.kind === 'service-ready' && e.service.name === 'decode-0');
    process.kill(before.pid!, 'SIGKILL');
    expect(await exited).toEqual({ kind: 'service-exited', name: 'decode-0', exit: { code: null, signal: 'SIGKILL' }, restart: { attempt: 1, delayMs: 500 } });
    // The conductor routes around the dead instance: every request sent while it is down is answered.
    const whileDown = await Promise.all([0, 1, 2, 3].map(complete));
    expect(whileDown.map((c) => c.choices[0]?.finish_reason)).toEqual(['length', 'length', 'length', 'length']);

    const ready = await restarted;
    expect(ready).toMatchObject({ kind: 'service-ready', restart: 1, service: { name: 'decode-0', httpPort: before.httpPort, grpcPort: before.grpcPort } });
    const after = cluster.services.find((s) => s.name === 'decode-0')!;
    expect(after.pid).not.toBe(before.pid);
    expect(alive(after.pid)).toBe(true);
    expect(await Promise.race([cluster.unexpectedExit, Promise.resolve('still serving')])).toBe('still serving');
    const afterRestart = await Promise.all([4, 5, 6, 7].map(complete));
    expect(afterRestart.map((c) => c.choices[0]?.finish_reason)).toEqual(['length', 'length', 'length', 'length']);

    const stopped = await cluster.stop();
    expect(stopped.map((s) => s.name).sort()).toEqual(['conductor', 'decode-0', 'decode-1', 'kvpool-0', 'prefill-0']);
    expect(cluster.services.filter((s) => alive(s.pid))).toEqual([]);
  });

  it('fails start-up naming the service that exited, with its last log lines, and leaves nothing running', async () => {
    const notAModel = path.join(dir, 'not-a-model.gguf');
    fs.writeFileSync(notAModel, 'not gguf');
    const events: ClusterEvent[] = [];
    const failure = await startLocalCluster({ prefill: 1, decode: 1, port: 0, modelPath: notAModel, logDir: path.join(dir, 'logs'), env, onEvent: (e) => events.push(e) }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ClusterStartError);
    const error = failure as ClusterStartError;
    expect(error.code).toBe('exited');
    expect(error.details.service).toMatch(/^(prefill|decode)-0$/);
    expect(error.details.lastLines?.join('\n')).toContain('service failed to start');
    const stopped = events.flatMap((e) => (e.kind === 'service-stopped' ? [e.service.name] : []));
    expect(stopped.sort()).toEqual(['decode-0', 'kvpool-0', 'prefill-0']);
    expect(fs.readdirSync(path.join(dir, 'logs')).sort()).toEqual(['decode-0.log', 'kvpool-0.log', 'prefill-0.log']);
  });
});
