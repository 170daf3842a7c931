import { getInteger, getString, type GgufMetadata } from '@tsukimi/gguf';
import { ALWAYS_RENDERED_TEXTS, END_OF_GENERATION_TEXTS, FIM_TEXTS, isSpecialCandidate, TokenAttr } from './token-attributes';
import { type SpecialTokenIds } from './vocabulary';

const FIM_KEYS: Readonly<Record<keyof typeof FIM_TEXTS, readonly string[]>> = {
  pre: ['tokenizer.ggml.fim_pre_token_id', 'tokenizer.ggml.prefix_token_id'],
  suf: ['tokenizer.ggml.fim_suf_token_id', 'tokenizer.ggml.suffix_token_id'],
  mid: ['tokenizer.ggml.fim_mid_token_id', 'tokenizer.ggml.middle_token_id'],
  pad: ['tokenizer.ggml.fim_pad_token_id'],
  rep: ['tokenizer.ggml.fim_rep_token_id'],
  sep: ['tokenizer.ggml.fim_sep_token_id'],
};
const FIM_ENDS_GENERATION: ReadonlySet<string> = new Set(['pad', 'rep', 'sep']);

/**
 * llama.cpp's corrections of token attributes by token text (converters leave some markers
 * typed as normal text), in its order; mutates `attrs` and returns the end-of-generation set.
 * Where llama.cpp picks one of several matching fill-in-the-middle markers, all are taken here.
 */
export function applyByNameOverrides(
  meta: GgufMetadata,
  tokens: readonly string[],
  ids: ReadonlyMap<string, number>,
  attrs: Uint16Array,
  special: SpecialTokenIds,
): Set<number> {
  const endOfGeneration = new Set<number>();
  const makeControl = (id: number) => (attrs[id] = attrs[id]! | TokenAttr.control);
  const idsOf = (texts: Iterable<string>) => [...texts].flatMap((text) => (ids.has(text) ? [ids.get(text)!] : []));

  for (const [part, texts] of Object.entries(FIM_TEXTS) as [keyof typeof FIM_TEXTS, readonly string[]][]) {
    const keyed = FIM_KEYS[part]
      .map((key) => (meta.has(key) ? getInteger(meta, key) : undefined))
      .find((r) => r?.ok === true && r.value >= 0 && r.value < tokens.length);
    const found = keyed?.ok ? [keyed.value] : idsOf(texts);
    if (!keyed) found.forEach(makeControl);
    if (FIM_ENDS_GENERATION.has(part)) found.forEach((id) => endOfGeneration.add(id));
  }
  for (const id of idsOf(END_OF_GENERATION_TEXTS)) {
    endOfGeneration.add(id);
    makeControl(id);
  }
  for (const id of idsOf(ALWAYS_RENDERED_TEXTS)) attrs[id] = TokenAttr.userDefined;
  for (const id of [special.eos, special.eot, special.eom]) if (id !== undefined) endOfGeneration.add(id);

  const inSet = (text: string) => [...endOfGeneration].filter((id) => tokens[id] === text);
  const [end] = inSet('<|end|>');
  const calls = inSet('<|call|>').length + inSet('<|calls|>').length > 0;
  if (end !== undefined && calls && (inSet('<|return|>').length > 0 || inSet('<|flush|>').length > 0)) {
    endOfGeneration.delete(end);
    attrs[end] = TokenAttr.userDefined;
  }
  const [closing] = inSet('</s>');
  if (closing !== undefined && inSet('<|tool_response>').length > 0) {
    endOfGeneration.delete(closing);
    attrs[closing] = TokenAttr.normal;
  }
  return endOfGeneration;
}

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/**
 * Tokens to match as wholes, longest UTF-8 text first (ties by id, where llama.cpp's sort
 * leaves the order unspecified). Phi-3 models then get right-stripping special tokens, as in
 * llama.cpp, which keys this on the model's name.
 */
export function specialCandidates(meta: GgufMetadata, tokens: readonly string[], ids: ReadonlyMap<string, number>, attrs: Uint16Array): number[] {
  const candidates = tokens.flatMap((_, id) => (isSpecialCandidate(attrs[id]!) ? [id] : []));
  candidates.sort((a, b) => utf8Length(tokens[b]!) - utf8Length(tokens[a]!) || a - b);

  const name = getString(meta, 'general.name');
  const lower = name.ok ? name.value.toLowerCase() : '';
  if (lower.includes('phi-3') || lower.includes('phi3')) {
    const set = (text: string, on: boolean) => {
      const id = ids.get(text);
      if (id !== undefined) attrs[id] = on ? attrs[id]! | TokenAttr.rstrip : attrs[id]! & ~TokenAttr.rstrip;
    };
    for (const id of candidates) attrs[id] = attrs[id]! | TokenAttr.rstrip;
    set('</s>', true);
    for (const text of ['<unk>', '<s>', '<|endoftext|>']) set(text, false);
  }
  return candidates;
}
