import { cpFlags } from '../unicode/codepoint-flags';

/** A text as the pre-tokenizer reads it: its code points and each one's flags. */
export interface CodePointText {
  readonly cps: readonly number[];
  readonly flags: Uint16Array;
}

export function codePointText(cps: readonly number[]): CodePointText {
  const flags = new Uint16Array(cps.length);
  for (let i = 0; i < cps.length; i++) flags[i] = cpFlags(cps[i]!);
  return { cps, flags };
}

/**
 * One pre-tokenizer step, as in llama.cpp's `unicode_regex_split`: the text's code points
 * arrive cut into pieces (lengths in code points, summing to the whole), and each piece is
 * cut further. Steps run in order, each over the pieces of the one before.
 */
export type SplitStep = (text: CodePointText, pieces: readonly number[]) => number[];

/** Code point and flag lookups bounded to one piece; outside it both read as "nothing". */
export interface PieceView {
  readonly start: number;
  readonly end: number;
  cp(pos: number): number;
  flags(pos: number): number;
}

/** Marks "no code point here": llama.cpp's OUT_OF_RANGE. */
export const OUT_OF_RANGE = -1;

/** Runs `split` over each piece, collecting the lengths it cuts. */
export function eachPiece(text: CodePointText, pieces: readonly number[], split: (view: PieceView, emit: (end: number) => void) => void): number[] {
  const { cps, flags } = text;
  const out: number[] = [];
  let start = 0;
  for (const length of pieces) {
    const end = start + length;
    const begin = start;
    let previousEnd = begin;
    const view: PieceView = {
      start: begin,
      end,
      cp: (pos) => (pos >= begin && pos < end ? cps[pos]! : OUT_OF_RANGE),
      flags: (pos) => (pos >= begin && pos < end ? flags[pos]! : 0),
    };
    split(view, (cut) => {
      if (cut > previousEnd) out.push(cut - previousEnd);
      previousEnd = cut;
    });
    start = end;
  }
  return out;
}
