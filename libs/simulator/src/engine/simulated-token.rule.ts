/** Tokens the simulated engine emits: lowercase ASCII, so a completion reads as text and never stops on EOS by chance. */
const FIRST_TOKEN = 0x61;
const TOKEN_RANGE = 26;
/** Far enough below the chosen token that any sampling temperature in use still picks it. */
const OTHER_LOGIT = -100;

/** The token after `previous` at `position`: a pure function, so prefill and decode instances agree without sharing anything. */
export function simulatedNextToken(previous: number, position: number): number {
  return FIRST_TOKEN + ((previous * 31 + position * 17) % TOKEN_RANGE);
}

/** Logits that put all the probability on `token`. */
export function logitsFor(token: number, vocabSize: number): Float32Array {
  const logits = new Float32Array(vocabSize).fill(OTHER_LOGIT);
  logits[token] = 0;
  return logits;
}
