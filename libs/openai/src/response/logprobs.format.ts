import { type ChatLogprobsJson, type ChatTokenLogprobJson, type CompletionLogprobsJson, type TopLogprobJson } from './wire.types';

/** One generated token with its logprob and the most likely alternatives at its position. */
export interface TokenLogprobs {
  readonly token: number;
  /** The text this token made showable in the choice (may be empty: a character pending bytes). */
  readonly text: string;
  readonly logprob: number;
  /** Most likely first; the request's number of alternatives. */
  readonly top: readonly { readonly token: number; readonly logprob: number }[];
}

/** How a token is shown in logprobs: its own text, and its UTF-8 bytes (null for a special token). */
export interface TokenPiece {
  readonly text: string;
  readonly bytes: readonly number[] | null;
}

export type TokenPieces = (token: number) => TokenPiece;

/** What JSON carries for a logprob of minus infinity (a token a bias or constraint ruled out), as vLLM sends it. */
export const LOGPROB_FLOOR = -9999;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Pieces from each token's raw form: its bytes, or the display name of a special token. Bytes
 * that are not whole UTF-8 characters on their own show as `bytes:\xNN…`, as the OpenAI API
 * shows a token holding part of a character.
 */
export function tokenPieces(rawOf: (token: number) => Uint8Array | string): TokenPieces {
  return (token) => {
    const raw = rawOf(token);
    if (typeof raw === 'string') return { text: raw, bytes: null };
    const bytes = [...raw];
    try {
      return { text: strictUtf8.decode(raw), bytes };
    } catch {
      return { text: `bytes:${bytes.map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('')}`, bytes };
    }
  };
}

/** A finite logprob for JSON. */
export function jsonLogprob(logprob: number): number {
  return Number.isFinite(logprob) ? logprob : LOGPROB_FLOOR;
}

/**
 * Completions' `logprobs` for consecutive tokens of one choice; `startOffset` is the length of
 * the choice's text before the first of them, so `text_offset` indexes the choice's `text`.
 */
export function completionLogprobs(tokens: readonly TokenLogprobs[], pieces: TokenPieces, startOffset = 0): CompletionLogprobsJson {
  const out: CompletionLogprobsJson = { tokens: [], token_logprobs: [], top_logprobs: [], text_offset: [] };
  let offset = startOffset;
  for (const t of tokens) {
    const text = pieces(t.token).text;
    out.tokens.push(text);
    out.token_logprobs.push(jsonLogprob(t.logprob));
    const top: Record<string, number> = {};
    for (const alt of t.top) top[pieces(alt.token).text] ??= jsonLogprob(alt.logprob);
    top[text] ??= jsonLogprob(t.logprob);
    out.top_logprobs.push(top);
    out.text_offset.push(offset);
    offset += t.text.length;
  }
  return out;
}

/** Chat's `logprobs` for consecutive tokens of one choice. */
export function chatLogprobs(tokens: readonly TokenLogprobs[], pieces: TokenPieces): ChatLogprobsJson {
  const entry = (token: number, logprob: number): TopLogprobJson => {
    const piece = pieces(token);
    return { token: piece.text, logprob: jsonLogprob(logprob), bytes: piece.bytes === null ? null : [...piece.bytes] };
  };
  const content: ChatTokenLogprobJson[] = tokens.map((t) => ({ ...entry(t.token, t.logprob), top_logprobs: t.top.map((alt) => entry(alt.token, alt.logprob)) }));
  return { content, refusal: null };
}
