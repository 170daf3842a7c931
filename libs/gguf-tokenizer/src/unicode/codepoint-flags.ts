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
  for (const [pattern, flag] of CATEGORIES) {
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
