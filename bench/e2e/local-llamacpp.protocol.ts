/** One prompt for the single-process llama.cpp baseline. */
export interface LocalTtftRequest {
  readonly id: number;
  readonly prompt: string;
}

export interface LocalTtft {
  /** Tokenize, evaluate the prompt into a cleared sequence, and pick the first token, timed inside the process. */
  readonly ttftMs: number;
  readonly promptTokens: number;
  readonly firstToken: number;
  /** The first token detokenized on its own. */
  readonly firstText: string;
}

export type LocalTtftResponse = ({ readonly id: number } & LocalTtft) | { readonly id: number; readonly error: string };
