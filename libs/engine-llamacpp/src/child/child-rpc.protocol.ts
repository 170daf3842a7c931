/** One request line a ChildRpc client writes to its child's stdin. */
export interface ChildRpcCall<Request> {
  readonly id: number;
  readonly request: Request;
}

/** One answer line the child writes to stdout: the handler's result, or its error's text. */
export type ChildRpcAnswer = { readonly id: number; readonly result: unknown } | { readonly id: number; readonly error: string };

/**
 * What every answer line starts with, as `JSON.stringify` writes `{ id, ... }`. Other stdout lines are
 * not answers: llama.cpp writes its own log lines to stdout once a disposed Llama has taken
 * node-llama-cpp's log callback with it.
 */
export const ANSWER_PREFIX = '{"id":';
