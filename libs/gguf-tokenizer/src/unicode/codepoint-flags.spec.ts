import { cpFlags, CpFlag } from './codepoint-flags';

describe('cpFlags', () => {
  it.each([
    ['a letter', 0x61, CpFlag.letter],
    ['a digit', 0x35, CpFlag.number],
    ['a space', 0x20, CpFlag.separator | CpFlag.whitespace],
    ['a newline', 0x0a, CpFlag.control | CpFlag.whitespace],
    ['next line, whitespace to llama.cpp but not to JavaScript', 0x85, CpFlag.control | CpFlag.whitespace],
    ['the byte order mark, whitespace to JavaScript but not to llama.cpp', 0xfeff, CpFlag.control],
    ['a combining accent', 0x301, CpFlag.mark],
    ['a CJK ideograph', 0x6708, CpFlag.letter],
    ['an emoji', 0x1f315, CpFlag.symbol],
    ['an unassigned code point', 0x378, CpFlag.undefined],
    ['a letter newer than llama.cpp tables', 0x88f, CpFlag.undefined],
    ['a Unicode 16 letter', 0x105c0, CpFlag.undefined],
    ['nothing (outside the text)', -1, 0],
  ])('classifies %s', (_name, cp, flags) => {
    expect(cpFlags(cp)).toBe(flags);
  });
});
