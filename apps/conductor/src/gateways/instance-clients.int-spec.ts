import { type ClientReadableStream, connectivityState, Metadata, Server, ServerCredentials, type ServerWritableStream, status, type UntypedHandleCall } from '@grpc/grpc-js';
import { callUnary, type DecodeClient, type DescribeRequest, type InstanceDescription__Output, type PrefillClient, type PrefillEvent__Output, tsukimiProto } from '@tsukimi/proto';
import { instanceId } from '@tsukimi/scheduler';
import { InstanceClients } from './instance-clients';

type Reply = () => void;

/** A real gRPC server for the Prefill and Decode services whose Describe answers only when the test says so. */
class HeldInstance {
  readonly held: Reply[] = [];
  readonly streams: ServerWritableStream<unknown, unknown>[] = [];
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<HeldInstance> {
    const server = new Server();
    const started = { instance: undefined as HeldInstance | undefined };
    const describe: UntypedHandleCall = (_call: unknown, callback: (error: null, reply: object) => void) => {
      started.instance!.held.push(() => callback(null, { instanceId: 'held' }));
    };
    const stream: UntypedHandleCall = (call: ServerWritableStream<unknown, unknown>) => {
      started.instance!.streams.push(call);
    };
    const { Prefill, Decode } = tsukimiProto().tsukimi.v1;
    server.addService(Prefill.service, { describe, prefill: stream });
    server.addService(Decode.service, { describe, decode: stream });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    started.instance = new HeldInstance(server, port);
    return started.instance;
  }

  /** Resolves once `count` Describe calls are waiting for their answer. */
  async waitHeld(count: number): Promise<void> {
    while (this.held.length < count) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  answerAll(): void {
    for (const reply of this.held.splice(0)) reply();
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

const ask = (client: PrefillClient | DecodeClient) =>
  callUnary<DescribeRequest, InstanceDescription__Output>((r, m, o, cb) => client.describe(r, m, o, cb), { deviceEpoch: '', deviceAfterId: 0 }, new Metadata(), 10_000);
const isShutDown = (client: { getChannel(): { getConnectivityState(connect: boolean): number } }) => client.getChannel().getConnectivityState(false) === connectivityState.SHUTDOWN;

describe('InstanceClients against a real gRPC server', () => {
  let server: HeldInstance;
  let clients: InstanceClients;
  let id: ReturnType<typeof instanceId>;

  beforeEach(async () => {
    server = await HeldInstance.start();
    clients = new InstanceClients();
    id = instanceId(`127.0.0.1:${server.port}`);
  });

  afterEach(() => {
    clients.close();
    server.stop();
  });

  it('closes an idle client of an instance that left at once', async () => {
    const prefill = clients.prefillClient(id);
    const decode = clients.decodeClient(id);
    const call = ask(prefill);
    await server.waitHeld(1);
    server.answerAll();
    expect((await call).ok).toBe(true);
    clients.release(id);
    expect(isShutDown(prefill)).toBe(true);
    expect(isShutDown(decode)).toBe(true);
    expect(clients.openClients()).toBe(0);
  });

  it('lets a unary call in flight end with its answer, then closes the channel', async () => {
    const prefill = clients.prefillClient(id);
    const call = ask(prefill);
    await server.waitHeld(1);
    clients.release(id);
    expect(isShutDown(prefill)).toBe(false);
    expect(clients.openClients()).toBe(1);
    server.answerAll();
    const reply = await call;
    expect(reply.ok && reply.value.instanceId).toBe('held');
    expect(isShutDown(prefill)).toBe(true);
    expect(clients.openClients()).toBe(0);
  });

  it('keeps a stream in flight flowing after its instance left, and closes the channel when the stream ends', async () => {
    const prefill = clients.prefillClient(id);
    const stream: ClientReadableStream<PrefillEvent__Output> = prefill.prefill({ requestId: 'r', promptTokens: [1, 2, 3] });
    const events: PrefillEvent__Output[] = [];
    const ended = new Promise<void>((resolve) => stream.on('end', resolve));
    stream.on('data', (event: PrefillEvent__Output) => events.push(event));
    while (server.streams.length === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    clients.release(id);
    const serverSide = server.streams[0]!;
    serverSide.write({ stored: { storedBlocks: 2, storeFailed: false } });
    serverSide.end();
    await ended;
    expect(events.map((e) => e.stored?.storedBlocks)).toEqual([2]);
    expect(clients.openClients()).toBe(0);
    expect(isShutDown(prefill)).toBe(true);
  });

  it('hands out a client asked for after its instance left closed: its calls fail as UNAVAILABLE, not by throwing', async () => {
    clients.prefillClient(id);
    clients.release(id);
    const stale = clients.prefillClient(id);
    expect(clients.openClients()).toBe(0);
    const reply = await ask(stale);
    expect(reply.ok ? 'ok' : reply.error.code).toBe(status.UNAVAILABLE);
    expect(server.held).toHaveLength(0);
  });

  it('gives an instance that came back a working client of its own', async () => {
    const before = clients.prefillClient(id);
    clients.release(id);
    clients.admit(id);
    const after = clients.prefillClient(id);
    expect(after).not.toBe(before);
    const call = ask(after);
    await server.waitHeld(1);
    server.answerAll();
    expect((await call).ok).toBe(true);
  });

  it('leaks no client over many arrivals and departures, with calls in flight at some departures', async () => {
    const seen: { getChannel(): { getConnectivityState(connect: boolean): number } }[] = [];
    const calls: Promise<unknown>[] = [];
    for (let cycle = 0; cycle < 200; cycle++) {
      clients.admit(id);
      const prefill = clients.prefillClient(id);
      const decode = clients.decodeClient(id);
      seen.push(prefill, decode);
      if (cycle % 3 === 0) calls.push(ask(cycle % 2 === 0 ? prefill : decode));
      clients.release(id);
    }
    await server.waitHeld(calls.length);
    expect(clients.openClients()).toBe(calls.length);
    server.answerAll();
    const replies = await Promise.all(calls);
    expect(replies.every((r) => (r as { ok: boolean }).ok)).toBe(true);
    expect(clients.openClients()).toBe(0);
    expect(seen.filter((client) => !isShutDown(client))).toEqual([]);
  });
});
