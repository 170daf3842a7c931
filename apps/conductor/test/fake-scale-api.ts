import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { closeServer, sendJson, sendStatus, withBody } from './fake-api.reply';
import { fakeKubeconfig } from './fake-kube-api';

/** One call the fake saw: method, path and content type, so a test can check the patch's kind. */
export interface SeenScaleCall {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
}

const SCALE_PATH = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/(deployments|statefulsets)\/([^/]+)\/scale$/;
const POD_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/;

/**
 * The scale subresource of the Kubernetes API over plain HTTP on loopback: GET returns an
 * `autoscaling/v1` Scale, PATCH with a JSON merge patch sets `spec.replicas` (status follows at
 * once, as if Pods started instantly); an unknown workload is a 404 Status, and names listed in
 * `forbidden` get 403, as without RBAC. Pods added with `putPod` take a JSON merge patch of their
 * annotations (null removes one), as the deletion-cost marks are written.
 */
export class FakeScaleApi {
  readonly calls: SeenScaleCall[] = [];
  readonly forbidden = new Set<string>();
  /** While set, every call gets 500, as from an API server in trouble. */
  failing = false;
  /** While set, every call is read and held open with no answer, as a hung API server holds it. */
  unanswered = false;
  /** Awaited when a scale PATCH arrives, before it applies (whether it resolves or fails): a test sees the cluster as it was when the write came. */
  onScalePatch: ((workload: string, replicas: number) => Promise<void>) | undefined;
  private readonly replicas = new Map<string, number>();
  private readonly pods = new Map<string, Record<string, string>>();

  private readonly server = http.createServer((req, res) => this.serve(req, res));

  private constructor(readonly namespace: string) {}

  static async start(namespace = 'tsukimi'): Promise<FakeScaleApi> {
    const api = new FakeScaleApi(namespace);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** A kubeconfig pointing at this server. */
  kubeconfig(): string {
    return fakeKubeconfig(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}`, this.namespace);
  }

  /** Creates a workload: `resource` is `deployments` or `statefulsets`. */
  put(resource: 'deployments' | 'statefulsets', name: string, replicas: number): void {
    this.replicas.set(`${resource}/${name}`, replicas);
  }

  /** Creates a Pod with no annotations. */
  putPod(name: string): void {
    this.pods.set(name, {});
  }

  annotationsOf(pod: string): Readonly<Record<string, string>> | undefined {
    return this.pods.get(pod);
  }

  /** Forgets every workload, Pod, call, refusal and hook. */
  reset(): void {
    this.onScalePatch = undefined;
    this.replicas.clear();
    this.pods.clear();
    this.calls.length = 0;
    this.forbidden.clear();
    this.failing = false;
    this.unanswered = false;
  }

  replicasOf(resource: 'deployments' | 'statefulsets', name: string): number | undefined {
    return this.replicas.get(`${resource}/${name}`);
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  /** Answers one call: this server's, or one another fake server passes on (see `FakeKubeApi.start`). */
  serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    withBody(req, (body) => {
      const path = (req.url ?? '').split('?')[0]!;
      this.calls.push({ method: req.method ?? '', path, contentType: req.headers['content-type'] });
      if (this.failing) return sendStatus(res, 500, 'InternalError', 'the API server is failing');
      if (this.unanswered) return;
      const pod = POD_PATH.exec(path);
      if (pod && pod[1] === this.namespace) return this.patchPod(req, res, pod[2]!, body);
      const match = SCALE_PATH.exec(path);
      if (!match || match[1] !== this.namespace) return sendStatus(res, 404, 'NotFound', `no route ${path}`);
      const key = `${match[2]}/${match[3]}`;
      if (this.forbidden.has(match[3]!)) return sendStatus(res, 403, 'Forbidden', `${key}/scale is forbidden`);
      const current = this.replicas.get(key);
      if (current === undefined) return sendStatus(res, 404, 'NotFound', `${key} not found`);
      if (req.method === 'PATCH') {
        if (req.headers['content-type'] !== 'application/merge-patch+json') return sendStatus(res, 415, 'UnsupportedMediaType', 'expected a merge patch');
        const patch = JSON.parse(body) as { spec?: { replicas?: unknown } };
        const replicas = patch.spec?.replicas;
        if (typeof replicas !== 'number' || !Number.isSafeInteger(replicas) || replicas < 0) return sendStatus(res, 422, 'Invalid', 'spec.replicas: must be a whole number >= 0');
        const apply = () => {
          this.replicas.set(key, replicas);
          sendJson(res, 200, this.scale(match[3]!, replicas));
        };
        if (this.onScalePatch) void this.onScalePatch(key, replicas).then(apply, apply);
        else apply();
        return;
      } else if (req.method !== 'GET') {
        return sendStatus(res, 405, 'MethodNotAllowed', `${req.method} not allowed`);
      }
      sendJson(res, 200, this.scale(match[3]!, this.replicas.get(key)!));
    });
  }

  private patchPod(req: http.IncomingMessage, res: http.ServerResponse, name: string, body: string): void {
    const annotations = this.pods.get(name);
    if (annotations === undefined) return sendStatus(res, 404, 'NotFound', `pods/${name} not found`);
    if (req.method !== 'PATCH') return sendStatus(res, 405, 'MethodNotAllowed', `${req.method} not allowed`);
    if (req.headers['content-type'] !== 'application/merge-patch+json') return sendStatus(res, 415, 'UnsupportedMediaType', 'expected a merge patch');
    const patch = JSON.parse(body) as { metadata?: { annotations?: Record<string, string | null> } };
    for (const [key, value] of Object.entries(patch.metadata?.annotations ?? {})) {
      if (value === null) delete annotations[key];
      else annotations[key] = value;
    }
    sendJson(res, 200, { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: this.namespace, annotations } });
  }

  private scale(name: string, replicas: number): object {
    return {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name, namespace: this.namespace, resourceVersion: String(this.calls.length) },
      spec: { replicas },
      status: { replicas, selector: `app.kubernetes.io/name=${name}` },
    };
  }

}
