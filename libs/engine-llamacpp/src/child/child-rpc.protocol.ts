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

/**
 * `value` as one JSON line, newline included. JSON.stringify leaves U+2028 and U+2029 (line and
 * paragraph separators) unescaped, and Node 22 and later's readline ends a line at each, which
 * would cut a call or an answer carrying such text in two; escaped, they are still the same JSON.
 */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value).replace(/[\u2028\u2029]/g, (separator) => `\\u${separator.charCodeAt(0).toString(16)}`)}\n`;
}
