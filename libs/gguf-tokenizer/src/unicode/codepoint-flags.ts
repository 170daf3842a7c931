/**
 * Unicode properties of a code point, as llama.cpp's tokenizer sees them: one general
 * category flag (`\p{N}`, `\p{L}`, ...) plus its own whitespace set, which differs from
 * JavaScript's `\s` (it has U+0085, lacks U+FEFF).
 */
export const CpFlag = {
  undefined: 0x0001,
  number: 0x0002,
  letter: 0x0004,
  separator: 0x0008,
  mark: 0x0010,
  punctuation: 0x0020,
  symbol: 0x0040,
  control: 0x0080,
  categories: 0x00ff,
  whitespace: 0x0100,
} as const;

const WHITESPACE: ReadonlySet<number> = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
  0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** Order matters only for speed: letters and numbers are the common case. */
const CATEGORIES: readonly [RegExp, number][] = [
  [/^\p{L}$/u, CpFlag.letter],
  [/^\p{N}$/u, CpFlag.number],
  [/^\p{P}$/u, CpFlag.punctuation],
  [/^\p{Z}$/u, CpFlag.separator],
  [/^\p{M}$/u, CpFlag.mark],
  [/^\p{S}$/u, CpFlag.symbol],
  [/^\p{Cn}$/u, CpFlag.undefined],
  [/^\p{C}$/u, CpFlag.control],
];

/**
 * Code points assigned in Unicode versions newer than the data llama.cpp's category tables
 * were generated from (JavaScript here knows Unicode 16/17): llama.cpp reads them as
 * unassigned, so they are unassigned here too, or text holding them would be cut differently.
 */
const NEWER_THAN_LLAMA_CPP: readonly (readonly [number, number])[] = [
  [0x88f, 0x88f], [0x897, 0x897], [0xc5c, 0xc5c], [0xcdc, 0xcdc], [0x1acf, 0x1add], [0x1ae0, 0x1aeb], [0x1b4e, 0x1b4f], [0x1b7f, 0x1b7f],
  [0x1c89, 0x1c8a], [0x20c1, 0x20c1], [0x2427, 0x2429], [0x2b96, 0x2b96], [0x31e4, 0x31e5], [0xa7cb, 0xa7cf], [0xa7d2, 0xa7d2],
  [0xa7d4, 0xa7d4], [0xa7da, 0xa7dc], [0xa7f1, 0xa7f1], [0xfbc3, 0xfbd2], [0xfd90, 0xfd91], [0xfdc8, 0xfdce], [0x105c0, 0x105f3],
  [0x10940, 0x10959], [0x10d40, 0x10d65], [0x10d69, 0x10d85], [0x10d8e, 0x10d8f], [0x10ec2, 0x10ec7], [0x10ed0, 0x10ed8],
  [0x10efa, 0x10efc], [0x11380, 0x11389], [0x1138b, 0x1138b], [0x1138e, 0x1138e], [0x11390, 0x113b5], [0x113b7, 0x113c0],
  [0x113c2, 0x113c2], [0x113c5, 0x113c5], [0x113c7, 0x113ca], [0x113cc, 0x113d5], [0x113d7, 0x113d8], [0x113e1, 0x113e2],
  [0x116d0, 0x116e3], [0x11b60, 0x11b67], [0x11bc0, 0x11be1], [0x11bf0, 0x11bf9], [0x11db0, 0x11ddb], [0x11de0, 0x11de9],
  [0x11f5a, 0x11f5a], [0x13460, 0x143fa], [0x16100, 0x16139], [0x16d40, 0x16d79], [0x16ea0, 0x16eb8], [0x16ebb, 0x16ed3],
  [0x16ff2, 0x16ff6], [0x187f8, 0x187ff], [0x18cff, 0x18cff], [0x18d09, 0x18d1e], [0x18d80, 0x18df2], [0x1cc00, 0x1ccfc],
  [0x1cd00, 0x1ceb3], [0x1ceba, 0x1ced0], [0x1cee0, 0x1cef0], [0x1e5d0, 0x1e5fa], [0x1e5ff, 0x1e5ff], [0x1e6c0, 0x1e6de],
  [0x1e6e0, 0x1e6f5], [0x1e6fe, 0x1e6ff], [0x1f6d8, 0x1f6d8], [0x1f777, 0x1f77a], [0x1f8b2, 0x1f8bb], [0x1f8c0, 0x1f8c1],
  [0x1f8d0, 0x1f8d8], [0x1fa54, 0x1fa57], [0x1fa89, 0x1fa8a], [0x1fa8e, 0x1fa8f], [0x1fabe, 0x1fabe], [0x1fac6, 0x1fac6],
  [0x1fac8, 0x1fac8], [0x1facd, 0x1facd], [0x1fadc, 0x1fadc], [0x1fadf, 0x1fadf], [0x1fae9, 0x1faea], [0x1faef, 0x1faef],
  [0x1fbcb, 0x1fbef], [0x1fbfa, 0x1fbfa], [0x2b73a, 0x2b73f], [0x2cea2, 0x2cead], [0x323b0, 0x33479],
];

function newerThanLlamaCpp(cp: number): boolean {
  let lo = 0;
  let hi = NEWER_THAN_LLAMA_CPP.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = NEWER_THAN_LLAMA_CPP[mid]!;
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return true;
  }
  return false;
}

const MAX_CODEPOINT = 0x10ffff;

/**
 * A code point's flags are a pure function of the code point; the table only remembers
 * answers already computed (0 = not yet), so sharing it across tokenizers is safe.
 */
const memo = new Uint16Array(MAX_CODEPOINT + 1);

/** Flags of `cp`; 0 for a position outside the text (llama.cpp's "out of range"). */
export function cpFlags(cp: number): number {
  if (cp < 0 || cp > MAX_CODEPOINT) return 0;
  const known = memo[cp]!;
  if (known !== 0) return known;
  const flags = classify(cp);
  memo[cp] = flags;
  return flags;
}

function classify(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let flags: number = CpFlag.undefined;
  if (!newerThanLlamaCpp(cp)) for (const [pattern, flag] of CATEGORIES) {
    if (pattern.test(ch)) {
      flags = flag;
      break;
    }
  }
  return WHITESPACE.has(cp) ? flags | CpFlag.whitespace : flags;
}

export const isLetter = (flags: number): boolean => (flags & CpFlag.letter) !== 0;
export const isNumber = (flags: number): boolean => (flags & CpFlag.number) !== 0;
export const isWhitespace = (flags: number): boolean => (flags & CpFlag.whitespace) !== 0;
