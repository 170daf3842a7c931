import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, httpGet } from '@tsukimi/service-kit/testing';

/** One Prometheus series of an instant query's answer. */
export interface PromSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

/**
 * A real Prometheus server (the Debian package's `prometheus`) on a free loopback port, with
 * its own temporary storage, scraping the given HTTP ports every second: one job per entry.
 */
export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(jobs: Readonly<Record<string, readonly number[]>>): Promise<PrometheusServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-prometheus-'));
    const scrapeConfigs = Object.entries(jobs).map(([job, ports]) => ({ job_name: job, static_configs: [{ targets: ports.map((p) => `127.0.0.1:${p}`) }] }));
    // JSON is YAML: the config needs no YAML writer.
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify({ global: { scrape_interval: '1s', evaluation_interval: '1s' }, scrape_configs: scrapeConfigs }));
    const port = await freePort();
    const child = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--web.listen-address=127.0.0.1:${port}`, `--storage.tsdb.path=${path.join(dir, 'data')}`], { stdio: 'ignore' });
    const server = new PrometheusServer(child, dir, port);
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`prometheus exited with ${code} before it was ready`))));
    try {
      await Promise.race([server.waitFor(async () => (await httpGet(port, '/-/ready', 1_000)).status === 200, 20_000, 'ready'), exited]);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** The instant query's series, or the error Prometheus answered with. */
  async query(expr: string): Promise<PromSample[]> {
    const response = await httpGet(this.port, `/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = JSON.parse(response.body) as { status: string; error?: string; data?: { resultType: string; result: PromSample[] | [number, string] } };
    if (body.status !== 'success' || !body.data) throw new Error(`${expr}: ${body.error ?? response.body}`);
    const { resultType, result } = body.data;
    return resultType === 'scalar' ? [{ metric: {}, value: result as [number, string] }] : (result as PromSample[]);
  }

  /** Polls `condition` every 200 ms until it holds, or throws naming `what` after `timeoutMs`. */
  async waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await condition().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`prometheus: never ${what}`);
      await new Promise<void>((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
