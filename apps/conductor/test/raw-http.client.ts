import * as http from 'node:http';

/** A response as the fuzz oracle reads it. */
export interface RawReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** How a body goes on the wire: with a `content-length`, or chunked without one. */
export type Framing = 'content-length' | 'chunked';

export interface RawRequest {
  readonly path: string;
  readonly body: string | Uint8Array;
  /** Absent: no `content-type` header at all. */
  readonly contentType?: string;
  readonly framing?: Framing;
}

/** Bytes per write of a chunked body, so the server sees it arrive in pieces. */
const CHUNK_BYTES = 8 * 1024;

/**
 * POSTs arbitrary bytes to one HTTP server over a keep-alive agent, whatever the framing and
 * content type, and reads the whole reply; a request with no reply within `timeoutMs` fails.
 */
export class RawHttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    sockets: number,
    private readonly timeoutMs = 30_000,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }

  post(r: RawRequest): Promise<RawReply> {
    const bytes = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : Buffer.from(r.body);
    const framing = r.framing ?? 'content-length';
    const headers: http.OutgoingHttpHeaders = {
      ...(r.contentType === undefined ? {} : { 'content-type': r.contentType }),
      ...(framing === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': bytes.length }),
    };
    return new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: this.port, path: r.path, method: 'POST', headers, agent: this.agent, timeout: this.timeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      request.on('timeout', () => request.destroy(new Error(`no reply within ${this.timeoutMs} ms`)));
      request.on('error', reject);
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) request.write(bytes.subarray(at, at + CHUNK_BYTES));
      request.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Sends the headers and the first `sentBytes` of a body that would be `declaredBytes` long (or
 * chunked, with no length), never finishing it, and resolves with the reply: a server that
 * answers has decided without reading the body in full.
 */
export function replyToUnfinishedBody(port: number, path: string, sentBytes: number, declaredBytes?: number): Promise<RawReply> {
  const headers: http.OutgoingHttpHeaders =
    declaredBytes === undefined ? { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } : { 'content-type': 'application/json', 'content-length': declaredBytes };
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers, agent: false, timeout: 20_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
        request.destroy();
      });
    });
    request.on('timeout', () => request.destroy(new Error('no reply to an unfinished body')));
    request.on('error', reject);
    request.write(Buffer.alloc(sentBytes, 0x20));
  });
}
