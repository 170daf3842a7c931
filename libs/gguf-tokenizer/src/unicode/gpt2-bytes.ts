/**
 * GPT-2's `bytes_to_unicode`: printable Latin-1 bytes stand for themselves, the other 68
 * bytes for U+0100 onwards in byte order. Byte-level BPE vocabularies spell every token in
 * these characters, so that a token string never holds a raw space or control byte.
 */
const BYTE_TO_CHAR: readonly string[] = (() => {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let next = 0x100;
  return Array.from({ length: 256 }, (_, b) => String.fromCodePoint(printable(b) ? b : next++));
})();

const CHAR_TO_BYTE: ReadonlyMap<number, number> = new Map(BYTE_TO_CHAR.map((ch, b) => [ch.codePointAt(0)!, b]));

/** The byte-level spelling of `bytes`. */
export function bytesToGpt2(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += BYTE_TO_CHAR[b]!;
  return out;
}

/** The byte a byte-level character stands for, or undefined for any other character. */
export function gpt2CharToByte(cp: number): number | undefined {
  return CHAR_TO_BYTE.get(cp);
}

/** The byte-level character of byte `b`. */
export function gpt2ByteChar(b: number): string {
  return BYTE_TO_CHAR[b]!;
}

/** The byte-level spelling of the UTF-8 encoding of code points `cps[start, end)`, without building the bytes. */
export function codePointsToGpt2(cps: readonly number[], start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) {
    const cp = cps[i]!;
    if (cp < 0x80) out += BYTE_TO_CHAR[cp]!;
    else if (cp < 0x800) out += BYTE_TO_CHAR[0xc0 | (cp >> 6)]! + BYTE_TO_CHAR[0x80 | (cp & 0x3f)]!;
    else if (cp < 0x10000) out += BYTE_TO_CHAR[0xe0 | (cp >> 12)]! + BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3f)]! + BYTE_TO_CHAR[0x80 | (cp & 0x3f)]!;
    else {
      out += BYTE_TO_CHAR[0xf0 | (cp >> 18)]! + BYTE_TO_CHAR[0x80 | ((cp >> 12) & 0x3f)]!;
      out += BYTE_TO_CHAR[0x80 | ((cp >> 6) & 0x3f)]! + BYTE_TO_CHAR[0x80 | (cp & 0x3f)]!;
    }
  }
  return out;
}
