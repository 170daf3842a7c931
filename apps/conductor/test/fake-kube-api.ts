import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';

/** A kubeconfig (JSON is YAML) for a fake API server on loopback: plain HTTP, a dummy token. */
export function fakeKubeconfig(url: string, namespace: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // Plain HTTP is refused unless TLS verification is off.
    clusters: [{ name: 'fake', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake', user: { token: 'fake' } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace } }],
    'current-context': 'fake',
  });
}

/** A Pod as the fake API server keeps it: plain JSON, as a real one sends. */
export interface FakePod {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip: string;
  readonly ready: boolean;
  readonly terminating?: boolean;
  readonly ports?: Readonly<Record<string, number>>;
}

/** An instance's Pod on loopback, ready or not, its gRPC and HTTP ports named as the chart names them. */
export function instancePod(name: string, role: string, service: Pick<ServiceProcess, 'grpcPort' | 'httpPort'>, ready = true): FakePod {
  return { name, labels: { 'app.kubernetes.io/component': role }, ip: '127.0.0.1', ready, ports: { grpc: service.grpcPort!, http: service.httpPort } };
}

/** Serves the calls the fake does not (a scale subresource, a Pod's patch), so that one server stands for the whole API. */
export type OtherKubeCalls = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** A list or watch request as the server saw it. */
export interface SeenRequest {
  readonly kind: 'list' | 'watch';
  readonly labelSelector: string | null;
  readonly resourceVersion: string | null;
}

interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly rv: number;
  readonly pod: FakePod;
}

interface Watcher {
  readonly response: http.ServerResponse;
  readonly selector: string | null;
}

/**
 * The few Kubernetes API calls Pod discovery makes, over plain HTTP: list Pods of one namespace
 * with a label selector, and watch them from a resourceVersion as JSON lines (ADDED, MODIFIED,
 * DELETED, BOOKMARK, and an ERROR 410 once the version asked for is compacted away). Tests
 * change Pods, send bookmarks, expire watches and drop watch connections. Any other call goes to
 * `otherCalls` when given (404 otherwise).
 */
export class FakeKubeApi {
  readonly requests: SeenRequest[] = [];
  /** While set, watch requests get 500, as from an API server that is restarting. */
  refuseWatches = false;
  private readonly pods = new Map<string, FakePod>();
  private readonly events: WatchEvent[] = [];
  private readonly watchers = new Set<Watcher>();
  private rv = 100;
  /** Watches from a version below this get 410 Gone. */
  private oldestRv = 0;

  private constructor(
    private readonly server: http.Server,
    readonly namespace: string,
    private readonly otherCalls: OtherKubeCalls | undefined,
  ) {}

  static async start(namespace = 'tsukimi', otherCalls?: OtherKubeCalls): Promise<FakeKubeApi> {
    const server = http.createServer();
    const api = new FakeKubeApi(server, namespace, otherCalls);
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => api.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A kubeconfig (JSON is YAML) pointing at this server, for KUBECONFIG. */
  kubeconfig(): string {
    return fakeKubeconfig(this.url, this.namespace);
  }

  /** Adds or changes a Pod; watchers see ADDED or MODIFIED. */
  put(pod: FakePod): void {
    const type = this.pods.has(pod.name) ? 'MODIFIED' : 'ADDED';
    this.pods.set(pod.name, pod);
    this.emit(type, pod);
  }

  /** Deletes a Pod; watchers see DELETED. */
  delete(name: string): void {
    const pod = this.pods.get(name);
    if (!pod) return;
    this.pods.delete(name);
    this.emit('DELETED', pod);
  }

  /** Sends every watcher a BOOKMARK at the current version. */
  bookmark(): void {
    for (const watcher of this.watchers) this.write(watcher, { type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) } } });
  }

  /** Compacts history away: open watches get ERROR 410 and end, and resuming from an older version fails. */
  expire(): void {
    this.oldestRv = this.rv + 1;
    for (const watcher of [...this.watchers]) this.gone(watcher);
  }

  /** Ends every watch cleanly, as the API server does when a watch's timeout runs out. */
  endWatches(): void {
    for (const watcher of [...this.watchers]) {
      this.watchers.delete(watcher);
      watcher.response.end();
    }
  }

  /** Cuts every watch connection without a word, as a dying load balancer would. */
  dropWatches(): void {
    for (const watcher of [...this.watchers]) {
      this.watchers.delete(watcher);
      watcher.response.socket?.destroy();
    }
  }

  watcherCount(): number {
    return this.watchers.size;
  }

  async close(): Promise<void> {
    this.dropWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method !== 'GET' || url.pathname !== `/api/v1/namespaces/${this.namespace}/pods`) {
      if (this.otherCalls) return this.otherCalls(req, res);
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', code: 404 }));
      return;
    }
    const selector = url.searchParams.get('labelSelector');
    const resourceVersion = url.searchParams.get('resourceVersion');
    if (url.searchParams.get('watch') !== 'true') {
      this.requests.push({ kind: 'list', labelSelector: selector, resourceVersion });
      const items = [...this.pods.values()].filter((pod) => matches(pod, selector)).map((pod) => this.object(pod, this.rv));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv) }, items }));
      return;
    }
    this.requests.push({ kind: 'watch', labelSelector: selector, resourceVersion });
    if (this.refuseWatches) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', code: 500 }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    const watcher: Watcher = { response: res, selector };
    const from = Number(resourceVersion ?? this.rv);
    if (from < this.oldestRv - 1) {
      this.gone(watcher);
      return;
    }
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
    for (const event of this.events) if (event.rv > from) this.send(watcher, event);
  }

  private emit(type: WatchEvent['type'], pod: FakePod): void {
    const event = { type, rv: ++this.rv, pod };
    this.events.push(event);
    for (const watcher of this.watchers) this.send(watcher, event);
  }

  private send(watcher: Watcher, event: WatchEvent): void {
    if (matches(event.pod, watcher.selector)) this.write(watcher, { type: event.type, object: this.object(event.pod, event.rv) });
  }

  private gone(watcher: Watcher): void {
    this.watchers.delete(watcher);
    this.write(watcher, { type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version' } });
    watcher.response.end();
  }

  private write(watcher: Watcher, event: object): void {
    watcher.response.write(`${JSON.stringify(event)}\n`);
  }

  private object(pod: FakePod, rv: number): object {
    return {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        name: pod.name,
        namespace: this.namespace,
        uid: `uid-${pod.name}`,
        labels: pod.labels,
        resourceVersion: String(rv),
        ...(pod.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
      },
      spec: { containers: [{ name: 'engine', ports: Object.entries(pod.ports ?? {}).map(([name, containerPort]) => ({ name, containerPort })) }] },
      status: { podIP: pod.ip, conditions: [{ type: 'Ready', status: pod.ready ? 'True' : 'False' }] },
    };
  }
}

/** Equality selectors only (`a=b,c=d`): all that discovery uses. */
function matches(pod: FakePod, selector: string | null): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [key, value] = term.split('=');
    return key !== undefined && pod.labels[key.trim()] === value?.trim();
  });
}
