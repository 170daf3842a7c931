import * as path from 'node:path';
import { ChildRpc } from '@tsukimi/engine-llamacpp';
import { localLlamaCppArgv } from './local-llamacpp.args';
import { type LocalTtft, type LocalTtftRequest } from './local-llamacpp.protocol';
import { type LocalLlamaCppSettings } from './local-llamacpp.settings';

const CHILD = path.resolve(__dirname, 'local-llamacpp.child.ts');

/** The single-process llama.cpp TTFT baseline, in a child process of its own; one prompt at a time. */
export class LocalLlamaCpp {
  private constructor(private readonly rpc: ChildRpc<LocalTtftRequest>) {}

  /** Starts the child and resolves once it has answered a first, short prompt. */
  static async start(settings: LocalLlamaCppSettings): Promise<LocalLlamaCpp> {
    const local = new LocalLlamaCpp(ChildRpc.spawn(CHILD, localLlamaCppArgv(settings), 'local llama.cpp'));
    await local.ttft('warm up');
    return local;
  }

  ttft(prompt: string): Promise<LocalTtft> {
    return this.rpc.call<LocalTtft>({ prompt });
  }

  close(): Promise<void> {
    return this.rpc.close();
  }
}
