import { type ArrayNode, type ObjectNode, type SchemaNode, type StringNode } from '../schema/schema-node';

/**
 * The automaton's stack frames: one per JSON value being written. Frames are immutable;
 * a step returns new ones, so a state can be copied by reference and explored along
 * many token paths at once.
 */
export type Frame = ObjectFrame | ArrayFrame | StringFrame | NumberFrame | LiteralFrame;

export interface ObjectFrame {
  readonly kind: 'object';
  readonly node: ObjectNode;
  readonly phase: 'open' | 'first' | 'key' | 'colon' | 'value' | 'after' | 'next';
  /** Whitespace bytes in the current run. */
  readonly ws: number;
  /** Keys written so far. */
  readonly seen: readonly string[];
  /** Schema of the value after the key just written (phase 'value'). */
  readonly value: SchemaNode | null;
}

export interface ArrayFrame {
  readonly kind: 'array';
  readonly node: ArrayNode;
  readonly phase: 'open' | 'first' | 'after' | 'next';
  readonly ws: number;
  readonly count: number;
}

export interface StringFrame {
  readonly kind: 'string';
  readonly node: StringNode;
  readonly phase: 'open' | 'body' | 'escape' | 'hex' | 'utf8';
  /** Code points so far (saturating at minLength when there is no maxLength). */
  readonly count: number;
  /** Phase 'hex': hex digits still to come. Phase 'utf8': continuation bytes still to come. */
  readonly pending: number;
  /** Bounds of the next byte in phase 'hex' (0: any hex digit, 1: after a \uD, 0-7 only) or 'utf8'. */
  readonly lo: number;
  readonly hi: number;
  /** The raw bytes of a key (latin1, one char per byte), so the object learns which key it got. */
  readonly capture: string | null;
}

export interface NumberFrame {
  readonly kind: 'number';
  readonly integer: boolean;
  readonly phase: 'start' | 'minus' | 'zero' | 'int' | 'dot' | 'frac' | 'e' | 'esign' | 'exp';
  /** Digits in the current part (integer, fraction or exponent). */
  readonly digits: number;
}

export interface LiteralFrame {
  readonly kind: 'literal';
  readonly texts: readonly Uint8Array[];
  /** For key literals: the key each text stands for. */
  readonly names: readonly string[] | null;
  /** Indices of the texts that still match what was written. */
  readonly candidates: readonly number[];
  readonly pos: number;
}

/** What one byte does to a frame. */
export type Step =
  /** Consumed; the frame goes on. */
  | { readonly kind: 'stay'; readonly frame: Frame }
  /** The byte starts a child value (one frame per alternative); `frame` waits for it. */
  | { readonly kind: 'push'; readonly frame: Frame; readonly children: readonly Frame[] }
  /** Consumed, and the value is complete (`result`: the key, for key frames). */
  | { readonly kind: 'close'; readonly result: string | null }
  /** The value was already complete: the byte belongs to the enclosing frame. */
  | { readonly kind: 'end'; readonly result: string | null };

export const NO_STEPS: readonly Step[] = [];

/** Bytes JSON allows between tokens. */
export function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Most whitespace bytes allowed in one run (enough for a newline and indentation a few
 * levels deep), so a model cannot pad the output forever.
 */
export const MAX_WHITESPACE_RUN = 16;

/** Digit limits that keep every number finite in a double and bound its length. */
export const MAX_INTEGER_DIGITS = 16;
export const MAX_FRACTION_DIGITS = 16;
export const MAX_EXPONENT_DIGITS = 2;
