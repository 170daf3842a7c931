/**
 * Code points of `text` as llama.cpp reads its UTF-8: a lone surrogate (which UTF-8 cannot
 * carry, and which becomes U+FFFD on the way into llama.cpp) is U+FFFD here too.
 */
export function codePoints(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out.push(cp >= 0xd800 && cp <= 0xdfff ? 0xfffd : cp);
  }
  return out;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`; lone surrogates become U+FFFD's bytes. */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The string form of code points `cps[start, end)`. */
export function fromCodePoints(cps: readonly number[], start = 0, end = cps.length): string {
  let out = '';
  for (let i = start; i < end; i++) out += String.fromCodePoint(cps[i]!);
  return out;
}
