/**
 * Code points of `text` as llama.cpp reads its UTF-8: a lone surrogate (which UTF-8 cannot
 * carry, and which becomes U+FFFD on the way into llama.cpp) is U+FFFD here too.
 */
export function codePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out.push(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
        i++;
        continue;
      }
    }
    out.push(unit >= 0xd800 && unit <= 0xdfff ? 0xfffd : unit);
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
