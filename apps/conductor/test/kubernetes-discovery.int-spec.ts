import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { FakeKubeApi, type FakePod } from './fake-kube-api';

const REGISTER = path.resolve(__dirname, '..', '..', '..', 'tools', 'runtime', 'register.js');
const WATCHER = path.resolve(__dirname, 'discovery-watcher.ts');
const PREFILL = { 'app.kubernetes.io/component': 'prefill' };
const DECODE = { 'app.kubernetes.io/component': 'decode' };
const MASTER = { 'app.kubernetes.io/component': 'kvpool-master' };
const PORTS = { grpc: 50051, http: 8080 };

type Instances = Record<string, string>;

/** The discovery process: the instance set it printed last, and a way to wait for a set. */
class Watcher {
  instances: Instances = {};
  masters: string[] = [];
  podNames: Record<string, string> = {};
  httpAddresses: Record<string, string> = {};
  started = false;
  private readonly waiters = new Set<() => void>();
  private exited = false;

  constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as { instances: Instances; masters: string[]; podNames: Record<string, string>; httpAddresses: Record<string, string>; started?: boolean };
      this.instances = message.instances;
      this.masters = message.masters;
      this.podNames = message.podNames;
      this.httpAddresses = message.httpAddresses;
      this.started ||= message.started === true;
      for (const wake of this.waiters) wake();
    });
    child.on('exit', () => {
      this.exited = true;
      for (const wake of this.waiters) wake();
    });
  }

  /** Resolves once `check` holds, failing after `timeoutMs` with the last set seen. */
  until(check: (w: Watcher) => boolean, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`timed out; last instances ${JSON.stringify(this.instances)}, masters ${JSON.stringify(this.masters)}`)), timeoutMs);
      // The fake server's state changes without a line from the process: look again now and then too.
      const poll = setInterval(() => wake(), 20);
      const done = (error?: Error) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters.delete(wake);
        if (error) reject(error);
        else resolve();
      };
      const wake = () => {
        if (check(this)) done();
        else if (this.exited) done(new Error('the discovery process exited'));
      };
      this.waiters.add(wake);
      wake();
    });
  }

  has(expected: Instances): Promise<void> {
    return this.until((w) => JSON.stringify(sorted(w.instances)) === JSON.stringify(sorted(expected)));
  }

  hasMasters(expected: string[]): Promise<void> {
    return this.until((w) => JSON.stringify(w.masters) === JSON.stringify(expected));
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }
}

const sorted = (instances: Instances) => Object.fromEntries(Object.entries(instances).sort(([a], [b]) => a.localeCompare(b)));
const pod = (name: string, labels: Record<string, string>, ip: string, over: Partial<FakePod> = {}): FakePod => ({ name, labels, ip, ready: true, ports: PORTS, ...over });

describe('Kubernetes discovery against a fake API server', () => {
  let api: FakeKubeApi;
  let watcher: Watcher;
  let dir: string;

  beforeEach(async () => {
    api = await FakeKubeApi.start('tsukimi');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-kube-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(kubeconfig, api.kubeconfig());
    api.put(pod('prefill-0', PREFILL, '10.0.0.1'));
    api.put(pod('decode-0', DECODE, '10.0.0.2'));
    api.put(pod('decode-starting', DECODE, '10.0.0.3', { ready: false }));
    api.put(pod('other', { app: 'redis' }, '10.0.0.9'));
    api.put(pod('master-0', MASTER, '10.0.1.1'));
    api.put(pod('master-1', MASTER, '10.0.1.2', { ready: false }));
    const child = spawn(process.execPath, ['-r', REGISTER, WATCHER, 'app.kubernetes.io/component=prefill', 'app.kubernetes.io/component=decode', 'grpc', 'app.kubernetes.io/component=kvpool-master'], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    watcher = new Watcher(child);
    await watcher.until((w) => w.started && api.watcherCount() === 3, 30_000);
  });

  afterEach(async () => {
    await watcher.stop();
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists each role and the masters with their selectors and keeps only the ready Pods', async () => {
    await watcher.has({ '10.0.0.1:50051': 'prefill', '10.0.0.2:50051': 'decode' });
    expect(watcher.masters).toEqual(['10.0.1.1:50051']);
    // The Pod each instance runs in: what a planner scale-in marks with the deletion cost.
    expect(watcher.podNames).toEqual({ '10.0.0.1:50051': 'prefill-0', '10.0.0.2:50051': 'decode-0' });
    // Where a planner scale-in sends the victim's drain call: the Pod's port named http.
    expect(watcher.httpAddresses).toEqual({ '10.0.0.1:50051': '10.0.0.1:8080', '10.0.0.2:50051': '10.0.0.2:8080' });
    const lists = api.requests.filter((r) => r.kind === 'list').map((r) => r.labelSelector);
    expect(lists.sort()).toEqual(['app.kubernetes.io/component=decode', 'app.kubernetes.io/component=kvpool-master', 'app.kubernetes.io/component=prefill']);
    expect(api.requests.filter((r) => r.kind === 'watch').every((r) => r.resourceVersion === '106')).toBe(true);
  });

  it('follows kvpool master Pods added, made ready, made unready, terminating and deleted, in Pod name order', async () => {
    await watcher.hasMasters(['10.0.1.1:50051']);
    api.put(pod('master-1', MASTER, '10.0.1.2'));
    await watcher.hasMasters(['10.0.1.1:50051', '10.0.1.2:50051']);
    api.put(pod('master-10', MASTER, '10.0.1.10'));
    api.put(pod('master-2', MASTER, '10.0.1.3'));
    await watcher.hasMasters(['10.0.1.1:50051', '10.0.1.2:50051', '10.0.1.3:50051', '10.0.1.10:50051']);
    api.put(pod('master-0', MASTER, '10.0.1.1', { ready: false }));
    await watcher.hasMasters(['10.0.1.2:50051', '10.0.1.3:50051', '10.0.1.10:50051']);
    api.put(pod('master-1', MASTER, '10.0.1.2', { terminating: true }));
    await watcher.hasMasters(['10.0.1.3:50051', '10.0.1.10:50051']);
    api.delete('master-2');
    api.delete('master-10');
    await watcher.hasMasters([]);
    api.put(pod('master-0', MASTER, '10.0.1.1'));
    await watcher.hasMasters(['10.0.1.1:50051']);
    expect(watcher.instances).toEqual({ '10.0.0.1:50051': 'prefill', '10.0.0.2:50051': 'decode' });
  });

  it('follows Pods added, made ready, made unready, terminating and deleted', async () => {
    api.put(pod('decode-starting', DECODE, '10.0.0.3'));
    await watcher.has({ '10.0.0.1:50051': 'prefill', '10.0.0.2:50051': 'decode', '10.0.0.3:50051': 'decode' });
    api.put(pod('prefill-1', PREFILL, '10.0.0.4'));
    await watcher.has({ '10.0.0.1:50051': 'prefill', '10.0.0.4:50051': 'prefill', '10.0.0.2:50051': 'decode', '10.0.0.3:50051': 'decode' });
    api.put(pod('prefill-0', PREFILL, '10.0.0.1', { ready: false }));
    await watcher.has({ '10.0.0.4:50051': 'prefill', '10.0.0.2:50051': 'decode', '10.0.0.3:50051': 'decode' });
    api.put(pod('decode-0', DECODE, '10.0.0.2', { terminating: true }));
    await watcher.has({ '10.0.0.4:50051': 'prefill', '10.0.0.3:50051': 'decode' });
    api.delete('decode-starting');
    await watcher.has({ '10.0.0.4:50051': 'prefill' });
  });

  it('resumes a watch the server ended from the last bookmark, without listing again', async () => {
    api.bookmark();
    api.put(pod('other-1', { app: 'redis' }, '10.0.0.8'));
    api.bookmark();
    const before = api.requests.length;
    api.endWatches();
    await watcher.until(() => api.watcherCount() === 3 && api.requests.length >= before + 3);
    expect(api.requests.slice(before)).toEqual([
      expect.objectContaining({ kind: 'watch', resourceVersion: '107' }),
      expect.objectContaining({ kind: 'watch', resourceVersion: '107' }),
      expect.objectContaining({ kind: 'watch', resourceVersion: '107' }),
    ]);
  });

  it('reconnects after a dropped watch connection and misses no change', async () => {
    const before = api.requests.length;
    api.dropWatches();
    api.put(pod('prefill-1', PREFILL, '10.0.0.4'));
    api.put(pod('decode-0', DECODE, '10.0.0.2', { ready: false }));
    await watcher.has({ '10.0.0.1:50051': 'prefill', '10.0.0.4:50051': 'prefill' });
    expect(api.requests.slice(before).map((r) => r.kind)).not.toContain('list');
  });

  it('watches again after 410 Gone by listing anew', async () => {
    api.put(pod('prefill-1', PREFILL, '10.0.0.4'));
    await watcher.has({ '10.0.0.1:50051': 'prefill', '10.0.0.4:50051': 'prefill', '10.0.0.2:50051': 'decode' });
    api.expire();
    await watcher.until(() => api.watcherCount() === 3 && lists(api) === 6);
    api.delete('prefill-0');
    await watcher.has({ '10.0.0.4:50051': 'prefill', '10.0.0.2:50051': 'decode' });
  });

  it('retries refused watches, and a list after 410 Gone removes the Pods deleted meanwhile', async () => {
    api.refuseWatches = true;
    const before = api.requests.length;
    api.dropWatches();
    await watcher.until(() => api.requests.slice(before).filter((r) => r.kind === 'watch').length >= 4);
    api.delete('prefill-0');
    api.put(pod('decode-starting', DECODE, '10.0.0.3'));
    api.expire();
    api.refuseWatches = false;
    await watcher.has({ '10.0.0.2:50051': 'decode', '10.0.0.3:50051': 'decode' });
    // The masters' informer lists again on its own retry timer, which the instance set does not wait for.
    await watcher.until(() => lists(api) >= 6 && api.watcherCount() === 3);
    expect(lists(api)).toBe(6);
  });
});

const lists = (api: FakeKubeApi) => api.requests.filter((r) => r.kind === 'list').length;
