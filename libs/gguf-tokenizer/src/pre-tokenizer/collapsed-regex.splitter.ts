import { CpFlag, isWhitespace } from '../unicode/codepoint-flags';
import { type CodePointText, type SplitStep } from './split-step';

/**
 * llama.cpp runs the patterns it has no hand-written matcher for through std::regex over a
 * "collapsed" text: ASCII stays, other whitespace becomes U+000B, and every other code point
 * becomes one stand-in character for its category; `\p{X}` in the pattern becomes a class of
 * that stand-in plus the ASCII characters llama.cpp files under the category. Doing the same
 * here, with an ECMAScript regex like std::regex's, reproduces its cuts exactly, including
 * where its ASCII tables disagree with Unicode (`` ` `` counts as a symbol, `$` too).
 */
const STAND_IN: Readonly<Record<string, { readonly flag: number; readonly char: number; readonly ascii: string }>> = {
  '\\p{N}': { flag: CpFlag.number, char: 0xd1, ascii: '0-9' },
  '\\p{L}': { flag: CpFlag.letter, char: 0xd2, ascii: 'A-Za-z' },
  '\\p{P}': { flag: CpFlag.punctuation, char: 0xd3, ascii: '!-#%-*,-/:-;?-@\\[-\\]_\\{\\}' },
  '\\p{M}': { flag: CpFlag.mark, char: 0xd4, ascii: '' },
  '\\p{S}': { flag: CpFlag.symbol, char: 0xd5, ascii: '\\$\\+<->^`\\|\\~' },
};
const OTHER = 0xd0;
const VERTICAL_TAB = 0x0b;

/** The collapsed text of `cps`: one UTF-16 unit per code point, so offsets carry over unchanged. */
export function collapse({ cps, flags: allFlags }: CodePointText): string {
  let out = '';
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    if (cp < 128) {
      out += String.fromCharCode(cp);
      continue;
    }
    const flags = allFlags[i]!;
    if (isWhitespace(flags)) {
      out += String.fromCharCode(VERTICAL_TAB);
      continue;
    }
    const category = flags & CpFlag.categories;
    const standIn = Object.values(STAND_IN).find((s) => s.flag === category);
    out += String.fromCharCode(standIn ? standIn.char : OTHER);
  }
  return out;
}

/** The pattern with each `\p{X}` replaced as llama.cpp does, respecting `[...]` classes. */
export function collapsePattern(pattern: string): string {
  let out = '';
  let inside = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '[' && (i === 0 || pattern[i - 1] !== '\\')) {
      out += c;
      inside = true;
      continue;
    }
    if (inside && c === ']' && pattern[i - 1] !== '\\') {
      out += c;
      inside = false;
      continue;
    }
    if (c === '\\' && pattern[i + 1] === 'p' && pattern[i + 2] === '{') {
      const close = pattern.indexOf('}', i + 3);
      const standIn = close >= 0 ? STAND_IN[pattern.slice(i, close + 1)] : undefined;
      if (standIn) {
        const members = String.fromCharCode(standIn.char) + standIn.ascii;
        out += inside ? members : `[${members}]`;
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/**
 * A step cutting each piece at the matches of `pattern` (matches and the text between them
 * become pieces), as llama.cpp's `unicode_regex_split_stl`.
 */
export function collapsedRegexSplit(pattern: string): SplitStep {
  const regex = new RegExp(collapsePattern(pattern), 'g');
  return (source, pieces) => {
    const text = collapse(source);
    const out: number[] = [];
    let start = 0;
    for (const length of pieces) {
      const piece = text.slice(start, start + length);
      let previous = 0;
      regex.lastIndex = 0;
      for (let m = regex.exec(piece); m; m = regex.exec(piece)) {
        if (m[0].length === 0) {
          regex.lastIndex++;
          continue;
        }
        if (m.index > previous) out.push(m.index - previous);
        out.push(m[0].length);
        previous = m.index + m[0].length;
      }
      if (previous < length) out.push(length - previous);
      start += length;
    }
    return out;
  };
}
