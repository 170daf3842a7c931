import { TokenAttr } from './token-attributes';

export type Fragment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'token'; readonly id: number };

/** llama.cpp strips with C's `isspace`, which knows only ASCII whitespace. */
const trimStartAscii = (s: string): string => s.replace(/^[ \t\n\v\f\r]+/, '');
const trimEndAscii = (s: string): string => s.replace(/[ \t\n\v\f\r]+$/, '');

/**
 * Cuts `text` at every occurrence of a special token's text, as llama.cpp's
 * `tokenizer_st_partition`: candidates in order (longest first), each matched left to right
 * in the text fragments the previous ones left. Control and unknown tokens take part only
 * when `parseSpecial`; user-defined tokens always do.
 */
export function partitionSpecialTokens(
  text: string,
  candidates: readonly number[],
  tokens: readonly string[],
  attrs: Uint16Array,
  parseSpecial: boolean,
): Fragment[] {
  let fragments: Fragment[] = text.length > 0 ? [{ kind: 'text', text }] : [];
  for (const id of candidates) {
    const attr = attrs[id]!;
    if (!parseSpecial && (attr & (TokenAttr.control | TokenAttr.unknown)) !== 0) continue;
    const needle = tokens[id]!;
    const out: Fragment[] = [];
    for (const fragment of fragments) {
      if (fragment.kind === 'token' || !fragment.text.includes(needle)) {
        out.push(fragment);
        continue;
      }
      let rest = fragment.text;
      for (let at = rest.indexOf(needle); at >= 0; at = rest.indexOf(needle)) {
        const left = (attr & TokenAttr.lstrip) !== 0 ? trimEndAscii(rest.slice(0, at)) : rest.slice(0, at);
        if (left.length > 0) out.push({ kind: 'text', text: left });
        out.push({ kind: 'token', id });
        rest = rest.slice(at + needle.length);
        if ((attr & TokenAttr.rstrip) !== 0) rest = trimStartAscii(rest);
      }
      if (rest.length > 0) out.push({ kind: 'text', text: rest });
    }
    fragments = out;
  }
  return fragments;
}
