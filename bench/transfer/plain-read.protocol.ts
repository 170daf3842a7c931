/** What a plain-read thread is started with: the memory it reads into, cut into slots of `slotBytes`. */
export interface PlainReadSettings {
  readonly memory: SharedArrayBuffer;
  readonly slotBytes: number;
}

/** Read the file at `path` into slot `slot`. */
export interface PlainReadAsk {
  readonly id: number;
  readonly path: string;
  readonly slot: number;
}

/** The bytes read into the slot, or why the read failed. */
export type PlainReadTell = { readonly id: number; readonly filled: number } | { readonly id: number; readonly failed: string };
