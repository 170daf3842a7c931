import { createServer, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { HttpDrain } from './http-drain';

/** Far past what a drain of these connections takes, and short of the services' 20 s drain timeout, which would cut them. */
const DRAIN_BOUND_MS = 5_000;

/** 'drained' when the drain ends within the bound, 'still waiting' when it does not. */
function drainedWithin(drain: Promise<void>): Promise<'drained' | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'still waiting'>((resolve) => (timer = setTimeout(() => resolve('still waiting'), DRAIN_BOUND_MS)));
  return Promise.race([drain.then(() => 'drained' as const), bound]).finally(() => clearTimeout(timer));
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function opened(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('HttpDrain', () => {
  let server: Server;
  let streams: ServerResponse[];

  beforeEach(() => {
    streams = [];
    server = createServer((request, response) => {
      if (request.url === '/stream') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: first\n\n');
        streams.push(response);
        return;
      }
      response.end('plain');
    });
  });
  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  it('closes a connection that never carried a request, which closing idle connections leaves open', async () => {
    const drain = new HttpDrain(server);
    const port = await listen(server);
    const silent = await opened(port);
    const closed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    expect(await drainedWithin(drain.drain())).toBe('drained');
    await closed;
  });

  it('closes the connections a client leaves open beside a stream it aborted', async () => {
    const drain = new HttpDrain(server);
    const port = await listen(server);
    const abort = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/stream`, { signal: abort.signal });
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await reader.read().catch(() => undefined);
    expect(await drainedWithin(drain.drain())).toBe('drained');
  });

  it('lets a response in progress finish whole, then closes its connection', async () => {
    const drain = new HttpDrain(server);
    const port = await listen(server);
    const response = await fetch(`http://127.0.0.1:${port}/stream`);
    const body = response.text();
    const drained = drain.drain();
    streams[0]!.end('data: last\n\n');
    expect(await body).toBe('data: first\n\ndata: last\n\n');
    expect(await drainedWithin(drained)).toBe('drained');
  });
});
