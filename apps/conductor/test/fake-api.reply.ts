import type * as http from 'node:http';

/** A JSON answer, as the API server sends every object. */
export function sendJson(res: http.ServerResponse, code: number, body: object): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A failure as a `v1` Status object, which client-node turns into an ApiException with `code`. */
export function sendStatus(res: http.ServerResponse, code: number, reason: string, message: string): void {
  sendJson(res, code, { apiVersion: 'v1', kind: 'Status', status: 'Failure', message, reason, code });
}

/** Reads a request's whole body, then calls `handle` with it as text. */
export function withBody(req: http.IncomingMessage, handle: (body: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => handle(Buffer.concat(chunks).toString('utf8')));
}

/** Closes a fake's server and every connection still open to it. */
export async function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
