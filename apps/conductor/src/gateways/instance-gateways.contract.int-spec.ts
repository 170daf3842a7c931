import { status, type ServerWritableStream, type UntypedHandleCall } from '@grpc/grpc-js';
import { type DecodeEvent, type DecodeGateway, type GatewayFailure, type PrefillAnswer, type PrefillCall, type PrefillGateway } from '@tsukimi/conductor';
import {
  type DecodeEvent as DecodeWire,
  type DecodeRequest__Output,
  decodeRelayCodec,
  type PrefillEvent as PrefillWire,
  type PrefillRequest__Output,
  prefillRelayCodec,
  tsukimiProto,
} from '@tsukimi/proto';
import { type Result } from '@tsukimi/result';
import { instanceId } from '@tsukimi/scheduler';
import { RelayServer } from '@tsukimi/transfer';
import { decodeCall, eachFakeInstance, type FakeInstanceOf, fakeGrpcServer, type HeldStream } from './fake-instance.testing';
import { GrpcDecodeGateway } from './grpc-decode.gateway';
import { GrpcPrefillGateway } from './grpc-prefill.gateway';
import { InstanceClients } from './instance-clients';
import { RelayDecodeGateway } from './relay-decode.gateway';
import { RelayPrefillGateway } from './relay-prefill.gateway';
import { until } from '@tsukimi/service-kit/testing';

/*
 * The gateways to prefill and decode instances, each over gRPC and over the relay, against fake
 * instances in this process (one file: the gRPC and protobuf modules load once for both).
 */

interface HeldDecode extends HeldStream<DecodeWire> {
  readonly requestId: string;
}

/** A decode instance on one transport that records every stream and whether its caller cancelled it. */
interface FakeDecode extends FakeInstanceOf<HeldDecode, (idleMs: number, stallMs: number) => DecodeGateway> {
  readonly cancelled: Set<string>;
}

async function decodeOverGrpc(clients: InstanceClients): Promise<FakeDecode> {
  const streams: HeldDecode[] = [];
  const cancelled = new Set<string>();
  const decode: UntypedHandleCall = (call: ServerWritableStream<DecodeRequest__Output, DecodeWire>) => {
    const requestId = call.request.requestId;
    streams.push({ requestId, write: (e) => call.write(e), end: () => call.end(), fail: (code, details) => call.emit('error', { code, details }) });
    call.on('cancelled', () => cancelled.add(requestId));
  };
  const server = await fakeGrpcServer(tsukimiProto().tsukimi.v1.Decode.service, { decode });
  return {
    id: instanceId(`127.0.0.1:${server.port}`),
    streams,
    cancelled,
    gateway: (idleMs, stallMs) => new GrpcDecodeGateway(clients, idleMs, stallMs),
    stop: () => server.stop(),
  };
}

async function decodeOverRelay(clients: InstanceClients): Promise<FakeDecode> {
  const streams: HeldDecode[] = [];
  const cancelled = new Set<string>();
  const codec = decodeRelayCodec();
  const server = new RelayServer({
    handler: (request, stream) => {
      const requestId = codec.decodeRequest(request).requestId;
      streams.push({ requestId, write: (e) => stream.write(codec.encodeEvent(e)), end: () => stream.end(), fail: (code, details) => stream.fail(code, details) });
      stream.signal.addEventListener('abort', () => cancelled.add(requestId));
    },
  });
  const listening = await server.listen(0, '127.0.0.1');
  if (!listening.ok) throw new Error(listening.error);
  // The gRPC address is only the instance's name and host here: every decode stream goes over the relay.
  const id = instanceId('127.0.0.1:1');
  clients.noteRelayPort(id, listening.value);
  const unused: DecodeGateway = {
    async *decode() {
      throw new Error('the relay gateway fell back to gRPC for an instance with a relay port');
    },
  };
  return { id, streams, cancelled, gateway: (idleMs, stallMs) => new RelayDecodeGateway(clients, unused, idleMs, stallMs), stop: () => server.close() };
}

type Item = Result<DecodeEvent, GatewayFailure>;
const kinds = (items: readonly Item[]) => items.map((item) => (item.ok ? (item.value.kind === 'token' ? `token ${item.value.token.text}` : item.value.kind) : item.error.kind));

/** Reads one decode stream to its end in the background, keeping every item as it comes. */
function consumeFrom(instance: FakeDecode, gateway: DecodeGateway, requestId: string, signal: AbortSignal): { items: Item[]; done: Promise<void> } {
  const items: Item[] = [];
  const done = (async () => {
    for await (const item of gateway.decode(instance.id, decodeCall(requestId), signal)) items.push(item);
  })();
  return { items, done };
}

describe.each([
  ['gRPC', decodeOverGrpc],
  ['the token relay', decodeOverRelay],
])('decode gateway contract over %s', (_name, start) => {
  const held = eachFakeInstance(start);
  let instance: FakeDecode;
  beforeEach(() => (instance = held.instance));

  const consume = (gateway: DecodeGateway, requestId: string, signal: AbortSignal) => consumeFrom(instance, gateway, requestId, signal);

  it('streams the start, then tokens single and batched, in order, ending at the finish reason', async () => {
    const { items, done } = consume(instance.gateway(30_000, 30_000), 'whole', new AbortController().signal);
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    const held = instance.streams[0]!;
    held.write({ started: { instanceId: 'd', loadedTokens: 3, computedTokens: 0, reused: { deviceTokens: 1, dramTokens: 2, ssdTokens: 0 } } });
    held.write({ token: { token: 5, text: 'a' } });
    held.write({ tokens: { tokens: [{ token: 6, text: 'b' }, { token: 7, text: 'c', finishReason: 'length' }] } });
    held.end();
    await done;
    expect(kinds(items)).toEqual(['started', 'token a', 'token b', 'token c']);
    expect(items[0]).toMatchObject({ ok: true, value: { instanceId: 'd', loadedTokens: 3, reused: { device: 1, dram: 2, ssd: 0 } } });
    expect(items[3]).toMatchObject({ ok: true, value: { token: { token: 7, finishReason: 'length' } } });
  });

  it('cancels the stream on the instance when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    const { items, done } = consume(instance.gateway(30_000, 30_000), 'live', controller.signal);
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    controller.abort();
    await done;
    await until('the instance to see live cancelled', () => instance.cancelled.has('live'), 10_000, 0);
    expect(kinds(items)).toEqual(['failed']);
  });

  it('starts no stream when the signal aborted before decode, and fails without blaming the instance', async () => {
    const controller = new AbortController();
    controller.abort();
    const gone = consume(instance.gateway(30_000, 30_000), 'gone', controller.signal);
    await gone.done;
    expect(kinds(gone.items)).toEqual(['failed']);
    const later = new AbortController();
    const after = consume(instance.gateway(30_000, 30_000), 'after', later.signal);
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    expect(instance.streams.map((s) => s.requestId)).toEqual(['after']);
    later.abort();
    await after.done;
  });

  it.each([
    [status.RESOURCE_EXHAUSTED, 'rejected'],
    [status.UNAVAILABLE, 'unavailable'],
    [status.INTERNAL, 'failed'],
  ])('maps the instance failing the stream with status %d to %s', async (code, kind) => {
    const { items, done } = consume(instance.gateway(30_000, 30_000), 'refused', new AbortController().signal);
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    instance.streams[0]!.fail(code, 'no room');
    await done;
    expect(kinds(items)).toEqual([kind]);
    expect(items[0]).toMatchObject({ ok: false, error: { message: 'no room' } });
  });

  it.each([
    ['after a token, is failed as stalled at the stall bound', true, 'decode stream stalled: no token within 100 ms'],
    ['before its first token, is held to the idle bound', false, 'decode stream idle within 1500 ms'],
  ])('a stream silent %s: a timeout of its instance, cancelled there', async (_when, tokenFirst, message) => {
    const { items, done } = consume(instance.gateway(1500, 100), 'silent', new AbortController().signal);
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    instance.streams[0]!.write({ started: { instanceId: 'd', loadedTokens: 3, computedTokens: 0 } });
    if (tokenFirst) instance.streams[0]!.write({ token: { token: 5, text: 'x' } });
    await done;
    expect(kinds(items)).toEqual(['started', ...(tokenFirst ? ['token x'] : []), 'timeout']);
    expect(items.at(-1)).toMatchObject({ ok: false, error: { message } });
    await until('the instance to see silent cancelled', () => instance.cancelled.has('silent'), 10_000, 0);
  });
});

/**
 * Cases this file's gRPC fake cannot stage the way an instance does (its `forceShutdown` fails
 * streams as CANCELLED, not as a lost connection; its server reports no cancellation of a stream
 * the client left after a token), checked on the relay, whose adapter is new here.
 */
describe('decode gateway over the token relay', () => {
  const held = eachFakeInstance(decodeOverRelay);
  let instance: FakeDecode;
  beforeEach(() => (instance = held.instance));

  const consume = (gateway: DecodeGateway, requestId: string, signal: AbortSignal) => consumeFrom(instance, gateway, requestId, signal);

  it('cancels the stream on the instance when the caller stops reading before the end', async () => {
    const gateway = instance.gateway(30_000, 30_000);
    const reading = (async () => {
      for await (const item of gateway.decode(instance.id, decodeCall('left'), new AbortController().signal)) if (item.ok && item.value.kind === 'token') break;
    })();
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    instance.streams[0]!.write({ token: { token: 5, text: 'a' } });
    await reading;
    await until('the instance to see left cancelled', () => instance.cancelled.has('left'), 10_000, 0);
  });

  it('fails a stream as unavailable when its instance goes away mid-stream', async () => {
    const { items, done } = consume(instance.gateway(30_000, 30_000), 'lost', new AbortController().signal);
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    instance.streams[0]!.write({ token: { token: 5, text: 'a' } });
    await until('the first item', () => items.length === 1, 10_000, 0);
    await instance.stop();
    await done;
    expect(kinds(items)).toEqual(['token a', 'unavailable']);
  });
});

interface HeldPrefill extends HeldStream<PrefillWire> {
  readonly request: PrefillRequest__Output;
}

type FakePrefill = FakeInstanceOf<HeldPrefill, (timeoutMs: number) => PrefillGateway>;

async function prefillOverGrpc(clients: InstanceClients): Promise<FakePrefill> {
  const streams: HeldPrefill[] = [];
  const prefill: UntypedHandleCall = (call: ServerWritableStream<PrefillRequest__Output, PrefillWire>) => {
    streams.push({ request: call.request, write: (e) => call.write(e), end: () => call.end(), fail: (code, details) => call.emit('error', { code, details }) });
  };
  const server = await fakeGrpcServer(tsukimiProto().tsukimi.v1.Prefill.service, { prefill });
  return { id: instanceId(`127.0.0.1:${server.port}`), streams, gateway: (timeoutMs) => new GrpcPrefillGateway(clients, timeoutMs), stop: () => server.stop() };
}

async function prefillOverRelay(clients: InstanceClients): Promise<FakePrefill> {
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

const prefillCall = (requestId: string): PrefillCall => ({
  requestId,
  promptTokens: [1, 2, 3],
  tenantSalt: 'salt',
  generation: { maxTokens: 19, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true },
  skipPoolFetch: true,
  plan: { branch: 'recompute', deviceBlocks: 0, reusedBlocks: 0 },
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
});

const COMPUTED: PrefillWire = {
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
  ['gRPC', prefillOverGrpc],
  ['the relay', prefillOverRelay],
])('prefill gateway contract over %s', (_name, start) => {
  const held = eachFakeInstance(start);
  let instance: FakePrefill;
  beforeEach(() => (instance = held.instance));

  it('sends the request as the conductor made it, answers at the first token and settles the handoff at the second event', async () => {
    const answer = instance.gateway(30_000).prefill(instance.id, prefillCall('whole'));
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    const held = instance.streams[0]!;
    expect(held.request).toMatchObject({ requestId: 'whole', promptTokens: [1, 2, 3], tenantSalt: 'salt', skipPoolFetch: true, plan: { branch: 'recompute' }, traceparent: prefillCall('x').traceparent });
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
    const answer = instance.gateway(30_000).prefill(instance.id, prefillCall('refused'));
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    instance.streams[0]!.fail(code, 'no room');
    await expect(answer).resolves.toEqual({ ok: false, error: { kind, message: 'no room' } });
  });

  it('fails a stream that ends without a first token, and settles the handoff as lost when it ends without the second', async () => {
    const empty = instance.gateway(30_000).prefill(instance.id, prefillCall('empty'));
    await until('one stream open at the instance', () => instance.streams.length === 1, 10_000, 0);
    instance.streams[0]!.end();
    await expect(empty).resolves.toMatchObject({ ok: false, error: { kind: 'failed' } });
    const half = instance.gateway(30_000).prefill(instance.id, prefillCall('half'));
    await until('two streams open at the instance', () => instance.streams.length === 2, 10_000, 0);
    instance.streams[1]!.write(COMPUTED);
    const answered: Answer = await half;
    instance.streams[1]!.end();
    await expect((answered as { value: PrefillAnswer }).value.handoff).resolves.toEqual({ storedBlocks: 0, storeFailed: true });
  });

  it('fails as a timeout at the deadline when the instance never answers', async () => {
    const answer = instance.gateway(200).prefill(instance.id, prefillCall('silent'));
    await expect(answer).resolves.toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });
});

describe('prefill gateway over the relay', () => {
  let clients: InstanceClients;

  beforeEach(() => (clients = new InstanceClients()));
  afterEach(() => clients.close());

  it('fails as unavailable when its instance goes away before the first token, and loses the handoff when after it', async () => {
    const instance = await prefillOverRelay(clients);
    const gateway = instance.gateway(30_000);
    const computed = gateway.prefill(instance.id, prefillCall('computed'));
    const pending = gateway.prefill(instance.id, prefillCall('pending'));
    await until('two streams open at the instance', () => instance.streams.length === 2, 10_000, 0);
    instance.streams[0]!.write(COMPUTED);
    const answered = await computed;
    await instance.stop();
    await expect(pending).resolves.toMatchObject({ ok: false, error: { kind: 'unavailable' } });
    await expect((answered as { value: PrefillAnswer }).value.handoff).resolves.toEqual({ storedBlocks: 0, storeFailed: true });
  });

  it('calls an instance that reports no relay port over the fallback', async () => {
    const fallback: PrefillGateway = { prefill: () => Promise.resolve({ ok: false, error: { kind: 'failed', message: 'fallback' } }) };
    const gateway = new RelayPrefillGateway(clients, fallback, 30_000);
    await expect(gateway.prefill(instanceId('127.0.0.1:2'), prefillCall('plain'))).resolves.toEqual({ ok: false, error: { kind: 'failed', message: 'fallback' } });
  });
});
