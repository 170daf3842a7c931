import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { type DecodeCall } from '@tsukimi/conductor';
import { type InstanceId } from '@tsukimi/scheduler';
import { InstanceClients } from './instance-clients';

/** One stream as a fake instance holds it, whichever transport carried it: what it can send back. */
export interface HeldStream<Event> {
  write(event: Event): void;
  end(): void;
  fail(code: number, details: string): void;
}

/** A fake instance on one transport that records every stream it is sent. */
export interface FakeInstanceOf<Held, Gateway> {
  readonly id: InstanceId;
  readonly streams: Held[];
  /** Makes the gateway under test, pointed at this instance. */
  readonly gateway: Gateway;
  stop(): Promise<void>;
}

/** A greedy decode of a three-token prompt, long enough (1 900 tokens) to be cut off mid-stream. */
export const decodeCall = (requestId: string): DecodeCall => ({
  requestId,
  promptTokens: [1, 2, 3],
  tenantSalt: '',
  generation: { maxTokens: 1900, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true },
  firstToken: 7,
  blockKeys: [],
});

/** A gRPC server on a free loopback port serving `implementation`; `stop` cuts every call. */
export async function fakeGrpcServer(definition: ServiceDefinition, implementation: UntypedServiceImplementation): Promise<{ readonly port: number; stop(): Promise<void> }> {
  const server = new Server();
  server.addService(definition, implementation);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return { port, stop: async () => server.forceShutdown() };
}

/** A fresh client set and fake instance for each test of the enclosing `describe`, both closed after it. */
export function eachFakeInstance<I extends { stop(): Promise<void> }>(start: (clients: InstanceClients) => Promise<I>): { readonly clients: InstanceClients; readonly instance: I } {
  const held = {} as { clients: InstanceClients; instance: I };
  beforeEach(async () => {
    held.clients = new InstanceClients();
    held.instance = await start(held.clients);
  });
  afterEach(async () => {
    held.clients.close();
    await held.instance.stop();
  });
  return held;
}
