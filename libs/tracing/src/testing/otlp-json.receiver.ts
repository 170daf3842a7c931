import * as http from 'node:http';
import { type AddressInfo } from 'node:net';

/** A span as an OTLP/HTTP JSON export carries it, with its service's name beside it. */
export interface ReceivedSpan {
  readonly service: string;
  readonly name: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  /** OTLP span kind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** OTLP status code 2: failed. */
  readonly failed: boolean;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpKeyValue[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpKeyValue[]; status?: { code?: number } }[] }[];
  }[];
}

/**
 * An OTLP/HTTP collector in the test's process: a loopback HTTP server that takes
 * `POST /v1/traces` in the JSON encoding (as `@opentelemetry/exporter-trace-otlp-http` sends it)
 * and keeps every span, decoded. Anything else is refused with 415 or 404, so a service that sent
 * protobuf or to another path fails the test rather than passing unseen.
 */
export class OtlpJsonReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly refused: string[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<OtlpJsonReceiver> {
    const server = http.createServer();
    const receiver = new OtlpJsonReceiver(server);
    server.on('request', (req, res) => receiver.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL to give as `--otlp-endpoint`. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once `done(spans)` holds of the spans received, or rejects after `timeoutMs`. */
  until(done: (spans: readonly ReceivedSpan[]) => boolean, timeoutMs: number): Promise<readonly ReceivedSpan[]> {
    if (done(this.spans)) return Promise.resolve(this.spans);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.spans)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.spans);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`the spans received within ${timeoutMs} ms did not meet the condition: ${this.spans.map((s) => `${s.service}/${s.name}`).join(', ')}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        this.refused.push(`${req.method} ${req.url}`);
        res.writeHead(404).end();
        return;
      }
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        this.refused.push(`content-type ${req.headers['content-type']}`);
        res.writeHead(415).end();
        return;
      }
      this.receive(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      for (const waiter of [...this.waiters]) waiter();
    });
  }

  private receive(body: OtlpExport): void {
    for (const resource of body.resourceSpans ?? []) {
      const service = String(valueOf(resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value) ?? '');
      for (const scope of resource.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service,
            name: span.name,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId ? span.parentSpanId : undefined,
            kind: span.kind,
            attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
            failed: span.status?.code === 2,
          });
        }
      }
    }
  }
}

function valueOf(value: OtlpValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}
