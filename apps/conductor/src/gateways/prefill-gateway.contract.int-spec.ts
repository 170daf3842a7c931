import { status, type ServerWritableStream, type UntypedHandleCall } from '@grpc/grpc-js';
import { type GatewayFailure, type PrefillAnswer, type PrefillCall, type PrefillGateway } from '@tsukimi/conductor';
import { type PrefillEvent as WireEvent, type PrefillRequest__Output, prefillRelayCodec, tsukimiProto } from '@tsukimi/proto';
import { type Result } from '@tsukimi/result';
import { instanceId } from '@tsukimi/scheduler';
import { RelayServer } from '@tsukimi/transfer';
import { eachFakeInstance, type FakeInstanceOf, fakeGrpcServer, type HeldStream, until } from './fake-instance.testing';
import { GrpcPrefillGateway } from './grpc-prefill.gateway';
import { InstanceClients } from './instance-clients';
import { RelayPrefillGateway } from './relay-prefill.gateway';

interface HeldPrefill extends HeldStream<WireEvent> {
  readonly request: PrefillRequest__Output;
}

type FakeInstance = FakeInstanceOf<HeldPrefill, (timeoutMs: number) => PrefillGateway>;

async function overGrpc(clients: InstanceClients): Promise<FakeInstance> {
  const streams: HeldPrefill[] = [];
  const prefill: UntypedHandleCall = (call: ServerWritableStream<PrefillRequest__Output, WireEvent>) => {
    streams.push({ request: call.request, write: (e) => call.write(e), end: () => call.end(), fail: (code, details) => call.emit('error', { code, details }) });
  };
  const server = await fakeGrpcServer(tsukimiProto().tsukimi.v1.Prefill.service, { prefill });
  return { id: instanceId(`127.0.0.1:${server.port}`), streams, gateway: (timeoutMs) => new GrpcPrefillGateway(clients, timeoutMs), stop: () => server.stop() };
}

async function overRelay(clients: InstanceClients): Promise<FakeInstance> {
  const streams: HeldPrefill[] = [];
  const codec = prefillRelayCodec();
  const server = new RelayServer({
    handler: (request, stream) => {
      streams.push({ request: codec.decodeRequest(request), write: (e) => stream.write(codec.encodeEvent(e)), end: () => stream.end(), fail: (code, details) => stream.fail(code, details) });
    },
  });
  const listening = await server.listen(0, '127.0.0.1');
  if (!listening.ok) throw new Error(listening.error);
  // The gRPC address is only the instance's name and host here: every prefill goes over the relay.
  const id = instanceId('127.0.0.1:1');
  clients.noteRelayPort(id, listening.value);
  const unused: PrefillGateway = {
    prefill: () => Promise.reject(new Error('the relay gateway fell back to gRPC for an instance with a relay port')),
  };
  return { id, streams, gateway: (timeoutMs) => new RelayPrefillGateway(clients, unused, timeoutMs), stop: () => server.close() };
}

const call = (requestId: string): PrefillCall => ({
  requestId,
  promptTokens: [1, 2, 3],
  tenantSalt: 'salt',
  generation: { maxTokens: 19, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true },
  skipPoolFetch: true,
  plan: { branch: 'recompute', deviceBlocks: 0, reusedBlocks: 0 },
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
});

const COMPUTED: WireEvent = {
  computed: {
    instanceId: 'p',
    first: { token: 7, text: 'x' },
    blockKeys: ['00000000000000aa'],
    promptTokens: 3,
    computedTokens: 3,
    reused: { deviceTokens: 0, dramTokens: 0, ssdTokens: 0 },
    transferMs: 1.5,
    planOutcome: { branch: 'recompute', reason: 'followed' },
  },
};

type Answer = Result<PrefillAnswer, GatewayFailure>;

describe.each([
  ['gRPC', overGrpc],
  ['the relay', overRelay],
])('prefill gateway contract over %s', (_name, start) => {
  const held = eachFakeInstance(start);
  let instance: FakeInstance;
  beforeEach(() => (instance = held.instance));

  it('sends the request as the conductor made it, answers at the first token and settles the handoff at the second event', async () => {
    const answer = instance.gateway(30_000).prefill(instance.id, call('whole'));
    await until(() => instance.streams.length === 1);
    const held = instance.streams[0]!;
    expect(held.request).toMatchObject({ requestId: 'whole', promptTokens: [1, 2, 3], tenantSalt: 'salt', skipPoolFetch: true, plan: { branch: 'recompute' }, traceparent: call('x').traceparent });
    held.write(COMPUTED);
    const answered = await answer;
    expect(answered).toMatchObject({ ok: true, value: { instanceId: 'p', first: { token: 7 }, blockKeys: ['00000000000000aa'], computedTokens: 3, fetchMs: 1.5, plan: { reason: 'followed' } } });
    let settled = false;
    void (answered as { value: PrefillAnswer }).value.handoff.then(() => (settled = true));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    held.write({ stored: { storedBlocks: 1, storeFailed: false, transferMs: 2 } });
    held.end();
    await expect((answered as { value: PrefillAnswer }).value.handoff).resolves.toEqual({ storedBlocks: 1, storeFailed: false });
  });

  it.each([
    [status.RESOURCE_EXHAUSTED, 'rejected'],
    [status.UNAVAILABLE, 'unavailable'],
    [status.INTERNAL, 'failed'],
  ])('maps the instance failing the stream with status %d to %s', async (code, kind) => {
    const answer = instance.gateway(30_000).prefill(instance.id, call('refused'));
    await until(() => instance.streams.length === 1);
    instance.streams[0]!.fail(code, 'no room');
    await expect(answer).resolves.toEqual({ ok: false, error: { kind, message: 'no room' } });
  });

  it('fails a stream that ends without a first token, and settles the handoff as lost when it ends without the second', async () => {
    const empty = instance.gateway(30_000).prefill(instance.id, call('empty'));
    await until(() => instance.streams.length === 1);
    instance.streams[0]!.end();
    await expect(empty).resolves.toMatchObject({ ok: false, error: { kind: 'failed' } });
    const half = instance.gateway(30_000).prefill(instance.id, call('half'));
    await until(() => instance.streams.length === 2);
    instance.streams[1]!.write(COMPUTED);
    const answered: Answer = await half;
    instance.streams[1]!.end();
    await expect((answered as { value: PrefillAnswer }).value.handoff).resolves.toEqual({ storedBlocks: 0, storeFailed: true });
  });

  it('fails as a timeout at the deadline when the instance never answers', async () => {
    const answer = instance.gateway(200).prefill(instance.id, call('silent'));
    await expect(answer).resolves.toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });
});

describe('prefill gateway over the relay', () => {
  let clients: InstanceClients;

  beforeEach(() => (clients = new InstanceClients()));
  afterEach(() => clients.close());

  it('fails as unavailable when its instance goes away before the first token, and loses the handoff when after it', async () => {
    const instance = await overRelay(clients);
    const gateway = instance.gateway(30_000);
    const computed = gateway.prefill(instance.id, call('computed'));
    const pending = gateway.prefill(instance.id, call('pending'));
    await until(() => instance.streams.length === 2);
    instance.streams[0]!.write(COMPUTED);
    const answered = await computed;
    await instance.stop();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    await expect((answered as { value: PrefillAnswer }).value.handoff).resolves.toEqual({ storedBlocks: 0, storeFailed: true });
  });

  it('calls an instance that reports no relay port over the fallback', async () => {
    const fallback: PrefillGateway = { prefill: () => Promise.resolve({ ok: false, error: { kind: 'failed', message: 'fallback' } }) };
    const gateway = new RelayPrefillGateway(clients, fallback, 30_000);
    await expect(gateway.prefill(instanceId('127.0.0.1:2'), call('plain'))).resolves.toEqual({ ok: false, error: { kind: 'failed', message: 'fallback' } });
  });
});
