import { Metadata } from '@grpc/grpc-js';
import { recordSpans } from '@tsukimi/tracing';
import { type GrpcHandler } from '../grpc/grpc-binding.model';
import { traceparentOf } from './grpc-trace.context';
import { unarySpans } from './grpc-server.spans';

const recorder = recordSpans('kvpool');
afterAll(() => recorder.handle.shutdown());

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

function metadataWith(traceparent?: string): Metadata {
  const metadata = new Metadata();
  if (traceparent !== undefined) metadata.set('traceparent', traceparent);
  return metadata;
}

type Callback = (error: unknown, reply?: unknown) => void;
const handlers = {
  get: ((_call: unknown, callback: Callback) => callback(null, { found: 1 })) as unknown as GrpcHandler,
  putStart: ((_call: unknown, callback: Callback) => callback({ code: 8, details: 'no room' })) as unknown as GrpcHandler,
  stats: ((_call: unknown, callback: Callback) => callback(null, {})) as unknown as GrpcHandler,
};
const call = (name: keyof typeof handlers, metadata: Metadata) =>
  new Promise<unknown[]>((resolve) => (unarySpans('master', handlers, ['get', 'putStart'])[name] as unknown as (c: unknown, cb: Callback) => void)({ metadata }, (...args) => resolve(args)));

describe('traceparentOf', () => {
  it.each([
    [PARENT, PARENT],
    ['garbage', undefined],
    [undefined, undefined],
  ])('%j gives %j', (value, expected) => {
    expect(traceparentOf(metadataWith(value))).toBe(expected);
  });
});

describe('unarySpans', () => {
  it('makes a call that carries a traceparent a server span in its trace, ended when the handler answers, the answer passed on', async () => {
    expect(await call('get', metadataWith(PARENT))).toEqual([null, { found: 1 }]);
    const [span] = await recorder.take();
    expect(span).toMatchObject({ name: 'master.get', kind: 'server', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7', failed: undefined });
  });

  it('marks a span failed when the handler answers with an error status', async () => {
    expect(await call('putStart', metadataWith(PARENT))).toEqual([{ code: 8, details: 'no room' }]);
    expect(await recorder.take()).toMatchObject([{ name: 'master.putStart', failed: 'no room' }]);
  });

  it.each([
    ['a call without a traceparent', 'get' as const, undefined],
    ['a method not named', 'stats' as const, PARENT],
  ])('opens nothing for %s', async (_, method, traceparent) => {
    await call(method, metadataWith(traceparent));
    expect(await recorder.take()).toEqual([]);
  });
});
