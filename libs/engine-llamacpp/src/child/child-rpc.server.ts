import { createInterface } from 'node:readline';
import { type ChildRpcAnswer, type ChildRpcCall, jsonLine } from './child-rpc.protocol';

/**
 * The child side of ChildRpc: reads `{ id, request }` lines from stdin and answers each with
 * `{ id, result }` (undefined sent as null) or `{ id, error }` (the error's stack, which starts with
 * its message). One request at a time, in order: the next line is read once the answer is written,
 * since the handlers share one llama.cpp context. Resolves when stdin ends, so the caller can
 * dispose what it loaded; a line that is not JSON rejects, as that is a bug in the client.
 */
export async function serveChildRpc<Request>(handle: (request: Request) => Promise<unknown>): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) {
    const { id, request } = JSON.parse(line) as ChildRpcCall<Request>;
    let answer: ChildRpcAnswer;
    try {
      answer = { id, result: (await handle(request)) ?? null };
    } catch (error) {
      answer = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    process.stdout.write(jsonLine(answer));
  }
}

/** One handler per `op` of a request union, each given its own member of the union. */
export type OpHandlers<Request extends { readonly op: string }> = {
  readonly [Op in Request['op']]: (request: Extract<Request, { readonly op: Op }>) => Promise<unknown>;
};

/** The `serveChildRpc` handler that passes each request to the member of `handlers` its `op` names. */
export function byOp<Request extends { readonly op: string }>(handlers: OpHandlers<Request>): (request: Request) => Promise<unknown> {
  return (request) => (handlers[request.op as Request['op']] as (r: Request) => Promise<unknown>)(request);
}

/** Runs a child's main; a failure goes to stderr, where the client's exit error picks it up, and exits 1. */
export function runChildMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
