/** What the echo child answers; each op exercises one path of ChildRpc. */
export type EchoRequest =
  | { readonly op: 'echo'; readonly value: unknown }
  | { readonly op: 'fail'; readonly message: string }
  | { readonly op: 'nothing' }
  /** Writes a line that is not an answer to stdout, as llama.cpp's logging does, then echoes. */
  | { readonly op: 'noise'; readonly line: string; readonly value: unknown }
  /** Writes `stderr` and exits with `code` without answering. */
  | { readonly op: 'die'; readonly stderr: string; readonly code: number };
