import * as path from 'node:path';
import {
  credentials,
  makeGenericClientConstructor,
  type Client,
  type ClientOptions,
  type ClientReadableStream,
  type ServiceDefinition,
  type ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export interface EchoRequest {
  readonly text: string;
}
export interface EchoReply {
  readonly text: string;
}
export interface CountRequest {
  readonly count: number;
  readonly hold: boolean;
}
export interface CountReply {
  readonly index: number;
}

/** The Fixture service from `fixture.proto`, loaded at runtime as services may do with their own protos. */
export const fixtureDefinition = loadSync(path.join(__dirname, 'fixture.proto'), { defaults: true })[
  'tsukimi.testing.Fixture'
] as ServiceDefinition;

type UnaryMethod = (request: EchoRequest, options: { deadline?: Date }, callback: (error: ServiceError | null, reply?: EchoReply) => void) => void;
type StreamMethod = (request: CountRequest) => ClientReadableStream<CountReply>;
type FixtureStub = Client & { readonly Echo: UnaryMethod; readonly Count: StreamMethod };

/** A typed client of the Fixture service, for tests. */
export class FixtureClient {
  private readonly client: FixtureStub;

  constructor(port: number, host = '127.0.0.1', options: ClientOptions = {}) {
    const Constructor = makeGenericClientConstructor(fixtureDefinition, 'Fixture');
    // Sound: the generic constructor adds one method per rpc of the definition, named as in the proto.
    this.client = new Constructor(`${host}:${port}`, credentials.createInsecure(), options) as unknown as FixtureStub;
  }

  echo(text: string, deadline?: Date): Promise<string> {
    return new Promise((resolve, reject) => {
      this.client.Echo({ text }, deadline === undefined ? {} : { deadline }, (error, reply) => {
        if (error) reject(error);
        else resolve(reply?.text ?? '');
      });
    });
  }

  count(count: number, hold = false): ClientReadableStream<CountReply> {
    return this.client.Count({ count, hold });
  }

  close(): void {
    this.client.close();
  }
}
