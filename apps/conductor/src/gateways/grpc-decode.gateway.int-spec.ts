import { Server, ServerCredentials, type ServerWritableStream, type UntypedHandleCall } from '@grpc/grpc-js';
import { type DecodeEvent, type GatewayFailure } from '@tsukimi/conductor';
import { type DecodeRequest__Output, tsukimiProto } from '@tsukimi/proto';
import { type Result } from '@tsukimi/result';
import { instanceId } from '@tsukimi/scheduler';
import { GrpcDecodeGateway } from './grpc-decode.gateway';
import { decodeCall as call } from './fake-instance.testing';
import { InstanceClients } from './instance-clients';
import { until } from '@tsukimi/service-kit/testing';

type DecodeStream = ServerWritableStream<DecodeRequest__Output, unknown>;

/** A real gRPC Decode service that keeps every stream open and records it, and whether its caller cancelled it. */
async function recordingDecode(): Promise<{ port: number; streams: DecodeStream[]; cancelled: Set<string>; stop: () => void }> {
  const streams: DecodeStream[] = [];
  const cancelled = new Set<string>();
  const decode: UntypedHandleCall = (call: DecodeStream) => {
    streams.push(call);
    call.on('cancelled', () => cancelled.add(call.request.requestId));
  };
  const server = new Server();
  server.addService(tsukimiProto().tsukimi.v1.Decode.service, { decode });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return { port, streams, cancelled, stop: () => server.forceShutdown() };
}

describe('GrpcDecodeGateway and its caller going away', () => {
  let service: Awaited<ReturnType<typeof recordingDecode>>;
  let clients: InstanceClients;
  let gateway: GrpcDecodeGateway;
  let id: ReturnType<typeof instanceId>;

  beforeEach(async () => {
    service = await recordingDecode();
    clients = new InstanceClients();
    gateway = new GrpcDecodeGateway(clients, 30_000);
    id = instanceId(`127.0.0.1:${service.port}`);
  });

  afterEach(() => {
    clients.close();
    service.stop();
  });

  it('cancels the stream on the instance when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    const items: Result<DecodeEvent, GatewayFailure>[] = [];
    const consumed = (async () => {
      for await (const item of gateway.decode(id, call('live'), controller.signal)) items.push(item);
    })();
    await until('one stream open at the instance', () => service.streams.length === 1, 10_000, 0);
    controller.abort();
    await consumed;
    await until('the instance to see live cancelled', () => service.cancelled.has('live'), 10_000, 0);
    expect(items.map((item) => (item.ok ? item.value.kind : item.error.kind))).toEqual(['failed']);
  });

  it('starts no stream when the signal aborted before decode (a client gone during prefill), and fails without blaming the instance', async () => {
    const controller = new AbortController();
    controller.abort();
    const items: Result<DecodeEvent, GatewayFailure>[] = [];
    for await (const item of gateway.decode(id, call('gone'), controller.signal)) items.push(item);
    expect(items.map((item) => (item.ok ? item.value.kind : item.error.kind))).toEqual(['failed']);
    // A call made after it is the first the instance sees: the aborted one never reached it.
    const later = new AbortController();
    const consumed = (async () => {
      for await (const _item of gateway.decode(id, call('after'), later.signal));
    })();
    await until('one stream open at the instance', () => service.streams.length === 1, 10_000, 0);
    expect(service.streams.map((s) => s.request.requestId)).toEqual(['after']);
    later.abort();
    await consumed;
  });
});

describe('GrpcDecodeGateway and an instance gone silent', () => {
  let service: Awaited<ReturnType<typeof recordingDecode>>;
  let clients: InstanceClients;
  let id: ReturnType<typeof instanceId>;

  beforeEach(async () => {
    service = await recordingDecode();
    clients = new InstanceClients();
    id = instanceId(`127.0.0.1:${service.port}`);
  });

  afterEach(() => {
    clients.close();
    service.stop();
  });

  it.each([
    ['after a token, is failed as stalled at the stall bound', true, 'decode stream stalled: no token within 100 ms'],
    ['before its first token, is held to the idle bound', false, 'decode stream idle within 1500 ms'],
  ])('a stream silent %s: a timeout of its instance', async (_when, tokenFirst, message) => {
    // The stall bound is far under the idle bound: which one failed the stream shows in its message.
    const gateway = new GrpcDecodeGateway(clients, 1500, 100);
    const items: Result<DecodeEvent, GatewayFailure>[] = [];
    const consumed = (async () => {
      for await (const item of gateway.decode(id, call('silent'), new AbortController().signal)) items.push(item);
    })();
    await until('one stream open at the instance', () => service.streams.length === 1, 10_000, 0);
    service.streams[0]!.write({ started: { instanceId: 'd', loadedTokens: 3, computedTokens: 0 } });
    if (tokenFirst) service.streams[0]!.write({ token: { token: 5, text: 'x' } });
    await consumed;
    expect(items.map((item) => (item.ok ? item.value.kind : item.error.kind))).toEqual(['started', ...(tokenFirst ? ['token'] : []), 'timeout']);
    expect(items.at(-1)).toMatchObject({ ok: false, error: { message } });
  });
});
