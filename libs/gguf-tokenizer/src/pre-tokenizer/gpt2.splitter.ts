import { isLetter, isNumber, isWhitespace } from '../unicode/codepoint-flags';
import { eachPiece, OUT_OF_RANGE, type SplitStep } from './split-step';

const APOSTROPHE = 0x27;
const SPACE = 0x20;
const ch = (c: string): number => c.charCodeAt(0);

/**
 * GPT-2's pattern `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
 * written out by hand as llama.cpp does (its hand-written matcher is what real GGUF files
 * are tokenized with, so its reading of the pattern is the one to follow).
 */
export const gpt2Split: SplitStep = (text, pieces) =>
  eachPiece(text, pieces, (v, emit) => {
    const punctuationLike = (f: number) => !(isWhitespace(f) || isLetter(f) || isNumber(f)) && f !== 0;
    for (let pos = v.start; pos < v.end; ) {
      const cp = v.cp(pos);
      const flags = v.flags(pos);

      if (cp === APOSTROPHE && pos + 1 < v.end) {
        const next = v.cp(pos + 1);
        if (next === ch('s') || next === ch('t') || next === ch('m') || next === ch('d')) {
          emit((pos += 2));
          continue;
        }
        if (pos + 2 < v.end) {
          const after = v.cp(pos + 2);
          if ((next === ch('r') && after === ch('e')) || (next === ch('v') && after === ch('e')) || (next === ch('l') && after === ch('l'))) {
            emit((pos += 3));
            continue;
          }
        }
      }

      let flags2 = cp === SPACE ? v.flags(pos + 1) : flags;
      const run = (accepts: (f: number) => boolean): boolean => {
        if (!accepts(flags2)) return false;
        if (cp === SPACE) pos++;
        while (accepts(flags2)) flags2 = v.flags(++pos);
        emit(pos);
        return true;
      };
      if (run(isLetter) || run(isNumber) || run(punctuationLike)) continue;

      let spaces = 0;
      while (isWhitespace(v.flags(pos + spaces))) spaces++;
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
