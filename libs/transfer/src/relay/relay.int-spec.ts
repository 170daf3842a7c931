import { createServer, type Server } from 'node:net';
import { RelayClient } from './relay.client';
import { RelayServer, type RelayServerStream } from './relay.server';
import { type RelayStream, type StreamEvent } from './relay.stream';

const secrets = (token: string) => ({ sending: () => token, accepted: () => [token] });

/** Echo server: a request "n:word" answers n messages "word#i", then ends; "fail" fails; "hang" sends nothing. */
function echo(opened: RelayServerStream[]) {
  return (request: Buffer, stream: RelayServerStream) => {
    opened.push(stream);
    const text = request.toString('utf8');
    if (text === 'fail') return stream.fail(8, 'no capacity');
    if (text === 'hang') return;
    const [count, word] = text.split(':');
    for (let i = 0; i < Number(count); i++) stream.write(Buffer.from(`${word}#${i}`));
    stream.end();
  };
}

async function drain(stream: RelayStream): Promise<string[]> {
  const seen: string[] = [];
  for (;;) {
    const event: StreamEvent = await stream.next();
    if (event.kind === 'message') seen.push(event.payload.toString('utf8'));
    else if (event.kind === 'end') return [...seen, 'end'];
    else return [...seen, `error ${event.code}: ${event.details}`];
  }
}

function until(condition: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const poll = () => (condition() ? resolve() : Date.now() > deadline ? reject(new Error(`timed out waiting for ${what}`)) : setImmediate(poll));
    poll();
  });
}

describe.each([
  ['without a handshake', undefined, undefined],
  ['with the service-token handshake', secrets('s3cret'), secrets('s3cret')],
])('stream relay over loopback %s', (_, serverSecrets, clientSecrets) => {
  let server: RelayServer;
  let port: number;
  let client: RelayClient;
  const opened: RelayServerStream[] = [];

  beforeEach(async () => {
    opened.length = 0;
    server = new RelayServer({ handler: echo(opened), ...(serverSecrets ? { secrets: serverSecrets } : {}) });
    const listening = await server.listen(0, '127.0.0.1');
    if (!listening.ok) throw new Error(listening.error);
    port = listening.value;
    client = new RelayClient(clientSecrets ? { secrets: clientSecrets } : {});
  });

  afterEach(async () => {
    client.close();
    await server.close();
  });

  it('carries many streams at once over one connection, each in its own order', async () => {
    const streams = Array.from({ length: 20 }, (_, i) => client.open('127.0.0.1', port, Buffer.from(`${i % 5}:s${i}`)));
    const results = await Promise.all(streams.map(drain));
    results.forEach((seen, i) => expect(seen).toEqual([...Array.from({ length: i % 5 }, (_, k) => `s${i}#${k}`), 'end']));
    expect(client.connectionCount).toBe(1);
    expect(server.openStreams).toBe(0);
  });

  it('delivers the server\'s failure as the stream\'s last event', async () => {
    expect(await drain(client.open('127.0.0.1', port, Buffer.from('fail')))).toEqual(['error 8: no capacity']);
  });

  it('cancels a stream on the server when the client stops reading, leaving the others', async () => {
    const hung = client.open('127.0.0.1', port, Buffer.from('hang'));
    await until(() => opened.length === 1, 'the stream to open');
    hung.cancel();
    await until(() => opened[0]!.signal.aborted, 'the server to see the cancel');
    expect(await drain(client.open('127.0.0.1', port, Buffer.from('2:after')))).toEqual(['after#0', 'after#1', 'end']);
  });

  it('ends a timed-out stream with the caller\'s error and cancels it on the server', async () => {
    const hung = client.open('127.0.0.1', port, Buffer.from('hang'));
    await until(() => opened.length === 1, 'the stream to open');
    hung.abort(4, 'idle');
    expect(await drain(hung)).toEqual(['error 4: idle']);
    await until(() => opened[0]!.signal.aborted, 'the server to see the cancel');
  });

  it('fails every open stream as unavailable when the server goes away, and reconnects for the next', async () => {
    const hung = client.open('127.0.0.1', port, Buffer.from('hang'));
    await until(() => opened.length === 1, 'the stream to open');
    await server.close();
    expect((await drain(hung))[0]).toMatch(/^error 14: /);
    server = new RelayServer({ handler: echo(opened), ...(serverSecrets ? { secrets: serverSecrets } : {}) });
    const again = await server.listen(port, '127.0.0.1');
    if (!again.ok) throw new Error(again.error);
    expect(await drain(client.open('127.0.0.1', port, Buffer.from('1:back')))).toEqual(['back#0', 'end']);
  });
});

describe('stream relay refusals', () => {
  it('refuses a client with the wrong service token: its streams fail as unavailable, the handler never runs', async () => {
    const opened: RelayServerStream[] = [];
    const server = new RelayServer({ handler: echo(opened), secrets: secrets('right') });
    const listening = await server.listen(0, '127.0.0.1');
    if (!listening.ok) throw new Error(listening.error);
    const client = new RelayClient({ secrets: secrets('wrong') });
    try {
      expect((await drain(client.open('127.0.0.1', listening.value, Buffer.from('1:x'))))[0]).toMatch(/^error 14: /);
      expect(opened).toEqual([]);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('fails streams as unavailable when nothing listens, and when the connection never opens in time', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as { port: number }).port;
    // A server that accepts but never sends the handshake's challenge.
    const client = new RelayClient({ secrets: secrets('s'), connectTimeoutMs: 200 });
    try {
      expect((await drain(client.open('127.0.0.1', silentPort, Buffer.from('1:x'))))[0]).toMatch(/^error 14: .*not open within 200 ms/);
      silent.close();
      await until(() => !silent.listening, 'the silent server to close');
      expect((await drain(client.open('127.0.0.1', silentPort, Buffer.from('1:x'))))[0]).toMatch(/^error 14: /);
    } finally {
      client.close();
      silent.close();
    }
  });

  it('drops a connection that sends an oversize frame, aborting its streams', async () => {
    const opened: RelayServerStream[] = [];
    const server = new RelayServer({ handler: echo(opened), maxFrameBytes: 64 });
    const listening = await server.listen(0, '127.0.0.1');
    if (!listening.ok) throw new Error(listening.error);
    const client = new RelayClient();
    try {
      const hung = client.open('127.0.0.1', listening.value, Buffer.from('hang'));
      await until(() => opened.length === 1, 'the stream to open');
      const big = client.open('127.0.0.1', listening.value, Buffer.alloc(100, 0x41));
      expect((await drain(big))[0]).toMatch(/^error 14: /);
      expect((await drain(hung))[0]).toMatch(/^error 14: /);
      expect(opened[0]!.signal.aborted).toBe(true);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('drains: takes no new connection, lets open streams end by themselves, and cuts those left at the timeout', async () => {
    const opened: RelayServerStream[] = [];
    const server = new RelayServer({ handler: echo(opened) });
    const listening = await server.listen(0, '127.0.0.1');
    if (!listening.ok) throw new Error(listening.error);
    const client = new RelayClient();
    try {
      const finishing = client.open('127.0.0.1', listening.value, Buffer.from('hang'));
      await until(() => opened.length === 1, 'the stream to open');
      const drained = server.drain(30_000);
      opened[0]!.write(Buffer.from('last'));
      opened[0]!.end();
      expect(await drain(finishing)).toEqual(['last', 'end']);
      expect(await drained).toBe(true);

      const again = new RelayServer({ handler: echo(opened) });
      const relisten = await again.listen(0, '127.0.0.1');
      if (!relisten.ok) throw new Error(relisten.error);
      const cut = client.open('127.0.0.1', relisten.value, Buffer.from('hang'));
      await until(() => opened.length === 2, 'the second stream to open');
      expect(await again.drain(50)).toBe(false);
      expect(opened[1]!.signal.aborted).toBe(true);
      expect((await drain(cut))[0]).toMatch(/^error 14: /);
    } finally {
      client.close();
      await server.close();
    }
  });
});
