/** One prompt for the single-process llama.cpp baseline, sent over ChildRpc. */
export interface LocalTtftRequest {
  readonly prompt: string;
}

/** The baseline's answer to a LocalTtftRequest. */
export interface LocalTtft {
  /** Tokenize, evaluate the prompt into a cleared sequence, and pick the first token, timed inside the process. */
  readonly ttftMs: number;
  readonly promptTokens: number;
  readonly firstToken: number;
  /** The first token detokenized on its own. */
  readonly firstText: string;
}
