/** Printable ASCII from a seed: one byte-token per character, the same text for the same seed. */
export function promptText(length: number, seed: number): string {
  let state = seed >>> 0;
  let out = '';
  while (out.length < length) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += String.fromCharCode(32 + (state % 95));
  }
  return out;
}

export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}
