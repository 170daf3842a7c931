import * as path from 'node:path';
import { type Result } from '@tsukimi/result';
import { ChildRpc } from '../../child/child-rpc.client';
import { type HostRequest } from './engine-host.protocol';

const MAIN = path.resolve(__dirname, 'engine-host.main.ts');

/** A value the engine returned as a `Result`, carried over the process boundary. */
export type Settled<T> = Result<T, { readonly kind: string } & Record<string, unknown>>;

/** Drives LlamaCppEngine instances living in a child process (see engine-host.main.ts). */
export class EngineHost {
  private constructor(private readonly rpc: ChildRpc<HostRequest>) {}

  static start(): EngineHost {
    return new EngineHost(ChildRpc.spawn(MAIN, [], 'engine host'));
  }

  call<T>(request: HostRequest): Promise<T> {
    return this.rpc.call<T>(request);
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
