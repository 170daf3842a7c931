import { type ModelLanguage } from '../model/model-language';
import { type PrefixSharing } from './tenancy.model';
import { type SharedPrefixSpec } from './tenant-group';

/** Two user turns that differ from their first character: what a chat prefix shares with every conversation is what these two share. */
const PROBE_TURNS = ['a', 'b'] as const;

/** Groups' prefixes kept in token form at most; past it the cache starts over (models come and go). */
const MAX_RESOLVED = 256;

/**
 * How many leading tokens of a prompt lie in one of its tenant group's declared shared prefixes:
 * the longest declared prefix (in the model's tokens) that the prompt begins with, exactly, or 0.
 * Nothing a tenant wrote can fall inside the count, since a match compares every token with the
 * operator's prefix; a prompt that differs anywhere inside it shares nothing.
 */
export class SharedPrefixMatcher {
  private readonly resolved = new Map<string, readonly (readonly number[])[]>();

  sharedTokens(sharing: PrefixSharing, tokenizerId: string, language: ModelLanguage, prompt: readonly number[]): number {
    for (const prefix of this.prefixesOf(sharing, tokenizerId, language)) {
      if (prefix.length > 0 && startsWith(prompt, prefix)) return prefix.length;
    }
    return 0;
  }

  /** The group's prefixes in the model's tokens, longest first. */
  private prefixesOf(sharing: PrefixSharing, tokenizerId: string, language: ModelLanguage): readonly (readonly number[])[] {
    const id = JSON.stringify([sharing.group, tokenizerId]);
    let prefixes = this.resolved.get(id);
    if (!prefixes) {
      prefixes = sharing.prefixes.map((p) => prefixTokens(p, language)).sort((a, b) => b.length - a.length);
      if (this.resolved.size >= MAX_RESOLVED) this.resolved.clear();
      this.resolved.set(id, prefixes);
    }
    return prefixes;
  }
}

/**
 * A declared prefix in a model's tokens. A `system` prefix is what every chat beginning with that
 * system message renders to before the first user turn's text: the template's tokens and the
 * message, found as the common start of two renderings whose user turns differ.
 */
export function prefixTokens(prefix: SharedPrefixSpec, language: ModelLanguage): readonly number[] {
  if (prefix.kind === 'tokens') return prefix.tokens;
  if (prefix.kind === 'text') return language.completionTokens(prefix.text);
  const render = (content: string) => language.chatTokens([{ role: 'system', content: prefix.text }, { role: 'user', content }]);
  const a = render(PROBE_TURNS[0]);
  const b = render(PROBE_TURNS[1]);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  return a.slice(0, common);
}

function startsWith(prompt: readonly number[], prefix: readonly number[]): boolean {
  if (prompt.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prompt[i] !== prefix[i]) return false;
  return true;
}
