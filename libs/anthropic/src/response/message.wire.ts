/** Why generation stopped, as Anthropic names it. */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence';

export interface UsageJson {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_creation_input_tokens: number | null;
  readonly cache_read_input_tokens: number | null;
  /** `cache_creation_input_tokens` by the ttl their breakpoint asked for. */
  readonly cache_creation: { readonly ephemeral_5m_input_tokens: number; readonly ephemeral_1h_input_tokens: number } | null;
  /** The conductor's KV-cache provenance, for keys allowed to see routing. */
  readonly tsukimi?: Readonly<Record<string, unknown>>;
}

export interface TextBlockJson {
  readonly type: 'text';
  readonly text: string;
}

/** A `message` object: the body of a non-streamed answer, and (with no content yet) of `message_start`. */
export interface MessageJson {
  readonly id: string;
  readonly type: 'message';
  readonly role: 'assistant';
  readonly model: string;
  readonly content: readonly TextBlockJson[];
  readonly stop_reason: StopReason | null;
  readonly stop_sequence: string | null;
  readonly usage: UsageJson;
}
