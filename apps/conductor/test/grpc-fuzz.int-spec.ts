import { Client, credentials, Metadata, status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { tsukimiProto } from '@tsukimi/proto';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { type FuzzMethod, messageOf, requestTypeName } from './grpc-fuzz.arbitraries';

/** Fixed so that a failure reproduces; TSUKIMI_FUZZ_SEED explores others. */
const SEED = Number(process.env.TSUKIMI_FUZZ_SEED ?? '20261206');
const CASES_PER_METHOD = 60;
/**
 * Calls in flight at once: each property case is a batch of this many. The calls that may wait
 * each hold their batch for their 100 ms; sent one by one, they were most of this file's time.
 */
const BATCH = 4;
const WAITING_BATCH = 20;
const DEADLINE_MS = 15_000;
/**
 * Calls that may legitimately wait past a deadline: a Get told to wait for its keys, the index
 * stream, and the instances' load watches (streams that end only when the instance drains).
 */
const MAY_WAIT = new Set(['/tsukimi.v1.KvPool/Get', '/tsukimi.v1.KvPoolIndex/Subscribe', '/tsukimi.v1.Prefill/WatchLoad', '/tsukimi.v1.Decode/WatchLoad']);
/** What a handler that threw, a process that died or a dropped connection look like to a client. */
const UNCLEAN = new Set([status.UNKNOWN, status.INTERNAL, status.UNAVAILABLE, status.DATA_LOSS]);

type Target = 'kvpool' | 'prefill' | 'decode';
const SERVICES: readonly [Target, string][] = [
  ['kvpool', 'KvPool'],
  ['kvpool', 'KvPoolMembers'],
  ['kvpool', 'KvPoolIndex'],
  ['prefill', 'Prefill'],
  ['decode', 'Decode'],
];

function methodsOf(service: string): FuzzMethod[] {
  const v1 = (tsukimiProto() as unknown as { tsukimi: { v1: Record<string, { service: Record<string, FuzzMethod> }> } }).tsukimi.v1;
  return Object.values(v1[service]!.service);
}

const CASES = SERVICES.flatMap(([target, service]) => methodsOf(service).map((method) => [method.path, target, method] as const));

/** Makes one call of any kind and resolves with its final status code (and message). */
function call(client: Client, method: FuzzMethod, request: unknown): Promise<{ code: status; details: string }> {
  const deadline = Date.now() + (MAY_WAIT.has(method.path) ? 100 : DEADLINE_MS);
  return new Promise((resolve) => {
    if (method.responseStream) {
      const stream = client.makeServerStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, request, new Metadata(), { deadline });
      stream.on('data', () => undefined);
      stream.on('error', () => undefined);
      stream.on('status', (s: { code: status; details: string }) => resolve({ code: s.code, details: s.details }));
    } else {
      client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, new Metadata(), { deadline }, (error) =>
        resolve({ code: error?.code ?? status.OK, details: error?.details ?? '' }),
      );
    }
  });
}

describe(`gRPC handlers of kvpool, prefill and decode under malformed messages (fast-check seed ${SEED})`, () => {
  let cluster: ClusterUnderTest;
  const clients = new Map<Target, Client>();
  const pids = new Map<Target, number | undefined>();
  const codes = new Map<status, number>();

  const service = (target: Target): ServiceProcess => (target === 'kvpool' ? cluster.kvpool : target === 'prefill' ? cluster.prefill[0]! : cluster.decode[0]!);

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1 });
    for (const target of ['kvpool', 'prefill', 'decode'] as const) {
      clients.set(target, new Client(`127.0.0.1:${service(target).grpcPort}`, credentials.createInsecure()));
      pids.set(target, service(target).child.pid);
    }
  }, 120_000);

  afterAll(async () => {
    for (const client of clients.values()) client.close();
    await cluster?.stop();
  }, 60_000);

  /** The process is the one started, and answers a well-formed call. */
  async function servesValidCall(target: Target): Promise<void> {
    expect(service(target).child.exitCode).toBeNull();
    expect(service(target).child.pid).toBe(pids.get(target));
    const [name, method] = target === 'kvpool' ? ['KvPool', 'Stats'] : [target === 'prefill' ? 'Prefill' : 'Decode', 'Describe'];
    const valid = methodsOf(name).find((m) => m.path.endsWith(`/${method}`))!;
    expect((await call(clients.get(target)!, valid, {})).code).toBe(status.OK);
  }

  it.each(CASES)('%s: every malformed request answered with a clean status, the process lives and serves a valid call after', async (_path, target, method) => {
    const client = clients.get(target)!;
    const batch = MAY_WAIT.has(method.path) ? WAITING_BATCH : BATCH;
    // A value the client itself cannot encode never reaches the server; it is not a case.
    const encodable = messageOf(requestTypeName(method)).filter((request) => {
      try {
        method.requestSerialize(request);
        return true;
      } catch {
        return false;
      }
    });
    const property = fc.asyncProperty(fc.array(encodable, { minLength: batch, maxLength: batch }), async (requests) => {
      const answers = await Promise.all(requests.map((request) => call(client, method, request)));
      for (const [i, { code, details }] of answers.entries()) {
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (UNCLEAN.has(code) || (code === status.DEADLINE_EXCEEDED && !MAY_WAIT.has(method.path))) {
          throw new Error(`${method.path} answered ${status[code]} (${details}) to ${JSON.stringify(requests[i]).slice(0, 400)}`);
        }
      }
    });
    await fc.assert(property, { seed: SEED, numRuns: CASES_PER_METHOD / batch, endOnFailure: true });
    await servesValidCall(target);
  }, 120_000);

  it.each<[string, string[]]>([
    ['more block keys than any prefix has', Array.from({ length: 65_536 }, () => '0000000000000001')],
    ['a key that is not 16 hex digits', ['0000000000000001', '../../etc/passwd']],
  ])('refuses a Warm naming %s as INVALID_ARGUMENT, before reading the pool', async (_name, blockKeys) => {
    const warm = methodsOf('Prefill').find((m) => m.path.endsWith('/Warm'))!;
    expect((await call(clients.get('prefill')!, warm, { blockKeys })).code).toBe(status.INVALID_ARGUMENT);
    await servesValidCall('prefill');
  });

  it('refuses a Warm naming an adapter of 100,000 characters as NOT_FOUND, and the connection goes on serving', async () => {
    // The refusal names the adapter in its status, a header: echoed whole it could not be sent, and the call and connection hung.
    const warm = methodsOf('Prefill').find((m) => m.path.endsWith('/Warm'))!;
    expect((await call(clients.get('prefill')!, warm, { blockKeys: [], adapter: 'x'.repeat(100_000) })).code).toBe(status.NOT_FOUND);
    await servesValidCall('prefill');
  });

  it('answered thousands of calls, most of them refused as invalid, and the pool holds no block', async () => {
    const total = [...codes.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(CASES.length * CASES_PER_METHOD * 0.9);
    expect(codes.get(status.INVALID_ARGUMENT) ?? 0).toBeGreaterThan(total / 4);
    const stats = methodsOf('KvPool').find((m) => m.path.endsWith('/Stats'))!;
    const reply = await new Promise<{ completeBlocks: number }>((resolve, reject) =>
      clients.get('kvpool')!.makeUnaryRequest(stats.path, stats.requestSerialize, stats.responseDeserialize, {}, new Metadata(), { deadline: Date.now() + DEADLINE_MS }, (error, value) =>
        error ? reject(error) : resolve(value as { completeBlocks: number }),
      ),
    );
    expect(reply.completeBlocks).toBe(0);
  });
});
