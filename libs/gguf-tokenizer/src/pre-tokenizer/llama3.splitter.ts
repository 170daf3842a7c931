import { isLetter, isNumber, isWhitespace } from '../unicode/codepoint-flags';
import { eachPiece, OUT_OF_RANGE, type SplitStep } from './split-step';

const APOSTROPHE = 0x27;
const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;
const ch = (c: string): number => c.charCodeAt(0);
/** Only ASCII letters take part in the contraction rule, so ASCII lowercasing is exact here. */
const lower = (cp: number): number => (cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp);

/**
 * The Llama 3 pattern `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
 * ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`, hand-written as in llama.cpp. Qwen 2
 * uses the same pattern with `\p{N}` (one digit per piece): `maxDigits` is 3 or 1.
 */
export function llama3Split(maxDigits: number): SplitStep {
  return (text, pieces) =>
    eachPiece(text, pieces, (v, emit) => {
      for (let pos = v.start; pos < v.end; ) {
        const cp = v.cp(pos);
        const flags = v.flags(pos);

        if (cp === APOSTROPHE && pos + 1 < v.end) {
          const next = lower(v.cp(pos + 1));
          if (next === ch('s') || next === ch('t') || next === ch('m') || next === ch('d')) {
            emit((pos += 2));
            continue;
          }
          if (pos + 2 < v.end) {
            const after = lower(v.cp(pos + 2));
            if ((next === ch('r') && after === ch('e')) || (next === ch('v') && after === ch('e')) || (next === ch('l') && after === ch('l'))) {
              emit((pos += 3));
              continue;
            }
          }
        }

        if (!(cp === CR || cp === LF || isNumber(flags)) && (isLetter(flags) || isLetter(v.flags(pos + 1)))) {
          pos++;
          while (isLetter(v.flags(pos))) pos++;
          emit(pos);
          continue;
        }

        if (isNumber(flags)) {
          let first = pos;
          while (isNumber(v.flags(pos))) {
            if (++pos - first >= maxDigits) {
              emit(pos);
              first = pos;
            }
          }
          emit(pos);
          continue;
        }

        let flags2 = cp === SPACE ? v.flags(pos + 1) : flags;
        // The first test reads the current code point's flags, not flags2: llama.cpp's own quirk.
        if (!(isWhitespace(flags2) || isLetter(flags2) || isNumber(flags2)) && flags !== 0) {
          if (cp === SPACE) pos++;
          while (!(isWhitespace(flags2) || isLetter(flags2) || isNumber(flags2)) && flags2 !== 0) flags2 = v.flags(++pos);
          let next = v.cp(pos);
          while (next === CR || next === LF) next = v.cp(++pos);
          emit(pos);
          continue;
        }

        let spaces = 0;
        let lastNewlineEnd = 0;
        while (isWhitespace(v.flags(pos + spaces))) {
          const c = v.cp(pos + spaces);
          if (c === CR || c === LF) lastNewlineEnd = pos + spaces + 1;
          spaces++;
        }
        if (lastNewlineEnd > 0) {
          emit((pos = lastNewlineEnd));
          continue;
        }
        if (spaces > 1 && v.cp(pos + spaces) !== OUT_OF_RANGE) {
          emit((pos += spaces - 1));
          continue;
        }
        if (spaces > 0) {
          emit((pos += spaces));
          continue;
        }
        emit(++pos);
      }
    });
}
