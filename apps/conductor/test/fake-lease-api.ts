import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { closeServer, sendJson, sendStatus, withBody } from './fake-api.reply';
import { fakeKubeconfig } from './fake-kube-api';

const LEASES = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?$/;
/** MicroTime as the API server parses it: RFC 3339 with exactly six fractional digits. */
const MICRO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)$/;

interface LeaseObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: Record<string, unknown>;
}

/**
 * `coordination.k8s.io/v1` Leases over plain HTTP on loopback, with the API server's optimistic
 * concurrency: every write gives the object a new resourceVersion from one counter; a create of a
 * name that exists, or an update naming any resourceVersion but the current one, is a 409 Status
 * (AlreadyExists, Conflict); acquireTime and renewTime must be MicroTime. Unlike a real server, an
 * update must name a resourceVersion (the adapter always does; an unconditional write would hide
 * a lost race). Requests bearing a token in `cutOff` have their connection dropped, as if that
 * candidate's network were gone; those bearing one in `unanswered` are read and held open with no
 * answer, as a hung API server holds them.
 */
export class FakeLeaseApi {
  readonly cutOff = new Set<string>();
  readonly unanswered = new Set<string>();
  readonly verbs: string[] = [];
  private readonly leases = new Map<string, LeaseObject>();
  private version = 0;
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  private constructor(readonly namespace: string) {}

  static async start(namespace = 'tsukimi'): Promise<FakeLeaseApi> {
    const api = new FakeLeaseApi(namespace);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** A kubeconfig pointing at this server; its bearer token names the candidate. */
  kubeconfig(token = 'fake'): string {
    const config = JSON.parse(fakeKubeconfig(`http://127.0.0.1:${(this.server.address() as AddressInfo).port}`, this.namespace)) as { users: { user: { token: string } }[] };
    config.users[0]!.user.token = token;
    return JSON.stringify(config);
  }

  lease(name: string): LeaseObject | undefined {
    return this.leases.get(name);
  }

  reset(): void {
    this.leases.clear();
    this.cutOff.clear();
    this.unanswered.clear();
    this.verbs.length = 0;
  }

  stop(): Promise<void> {
    return closeServer(this.server);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    withBody(req, (text) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (this.cutOff.has(token)) return void req.socket.destroy();
      if (this.unanswered.has(token)) return;
      const match = LEASES.exec((req.url ?? '').split('?')[0]!);
      if (!match || match[1] !== this.namespace) return sendStatus(res, 404, 'NotFound', `no route ${req.url}`);
      const name = match[2];
      this.verbs.push(`${req.method} ${name ?? ''}`);
      if (req.method === 'GET' && name !== undefined) {
        const lease = this.leases.get(name);
        return lease ? sendJson(res, 200, lease) : sendStatus(res, 404, 'NotFound', `leases.coordination.k8s.io "${name}" not found`);
      }
      if (req.method !== 'POST' && req.method !== 'PUT') return sendStatus(res, 405, 'MethodNotAllowed', `${req.method} not allowed`);
      const body = JSON.parse(text) as LeaseObject;
      const problem = this.invalid(body);
      if (problem) return sendStatus(res, 422, 'Invalid', problem);
      const bodyName = body.metadata!.name!;
      if (req.method === 'POST') {
        if (name !== undefined) return sendStatus(res, 405, 'MethodNotAllowed', 'POST to the collection');
        if (this.leases.has(bodyName)) return sendStatus(res, 409, 'AlreadyExists', `leases.coordination.k8s.io "${bodyName}" already exists`);
        return sendJson(res, 201, this.write(bodyName, body));
      }
      if (name !== bodyName) return sendStatus(res, 400, 'BadRequest', 'the name in the body does not match the URL');
      const current = this.leases.get(name);
      if (!current) return sendStatus(res, 404, 'NotFound', `leases.coordination.k8s.io "${name}" not found`);
      if (body.metadata?.resourceVersion === undefined) return sendStatus(res, 422, 'Invalid', 'metadata.resourceVersion: must be specified for an update');
      if (body.metadata.resourceVersion !== current.metadata?.resourceVersion) {
        return sendStatus(res, 409, 'Conflict', `Operation cannot be fulfilled on leases.coordination.k8s.io "${name}": the object has been modified; please apply your changes to the latest version and try again`);
      }
      sendJson(res, 200, this.write(name, body));
    });
  }

  private invalid(body: LeaseObject): string | undefined {
    if (body.apiVersion !== 'coordination.k8s.io/v1' || body.kind !== 'Lease') return 'expected a coordination.k8s.io/v1 Lease';
    if (!body.metadata?.name) return 'metadata.name: Required value';
    for (const field of ['acquireTime', 'renewTime']) {
      const value = body.spec?.[field];
      if (value !== undefined && (typeof value !== 'string' || !MICRO_TIME.test(value))) return `spec.${field}: expected MicroTime (RFC 3339 with microseconds), got ${JSON.stringify(value)}`;
    }
    const duration = body.spec?.['leaseDurationSeconds'];
    if (duration !== undefined && (typeof duration !== 'number' || !Number.isInteger(duration) || duration <= 0)) return 'spec.leaseDurationSeconds: must be greater than 0';
    return undefined;
  }

  private write(name: string, body: LeaseObject): LeaseObject {
    this.version += 1;
    const stored = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: this.namespace, resourceVersion: String(this.version) }, spec: body.spec ?? {} };
    this.leases.set(name, stored);
    return stored;
  }

}
