import { advance, canFinish, type Config, configsKey, plainStringRoom, startConfigs } from '../automaton/json.automaton';
import { type SchemaNode } from '../schema/schema-node';
import { type TrieNode, type VocabularyIndex, vocabularyIndex } from './token-trie';
import { type TokenVocabulary } from './token-vocabulary';

/** Masks kept per request; a BPE vocabulary's mask is one byte per token. */
const MAX_CACHED_MASKS = 64;

/**
 * One request's structured-output state over tokens: which tokens may come next, and
 * the state after each token chosen. EOS is allowed only once the value is complete,
 * and once nothing can extend the value, EOS is the only token allowed.
 */
export class TokenConstraint {
  private configs: readonly Config[];
  private readonly index: VocabularyIndex;
  /** Masks of states seen before (inside a long string, every step is the same state). */
  private readonly masks = new Map<string, Uint8Array>();

  constructor(
    root: SchemaNode,
    private readonly vocabulary: TokenVocabulary,
  ) {
    this.configs = startConfigs(root);
    this.index = vocabularyIndex(vocabulary);
  }

  /** Whether the text so far is a complete value. */
  get complete(): boolean {
    return canFinish(this.configs);
  }

  /** One flag per token id: 1 where the token can come next. Shared between calls: read it, never write it. */
  allowedTokens(): Uint8Array {
    const key = configsKey(this.configs);
    let allowed = this.masks.get(key);
    if (!allowed) {
      allowed = new Uint8Array(this.vocabulary.vocabSize);
      this.fill(allowed);
      if (canFinish(this.configs)) allowed[this.vocabulary.eosToken] = 1;
      if (this.masks.size >= MAX_CACHED_MASKS) this.masks.delete(this.masks.keys().next().value!);
      this.masks.set(key, allowed);
    }
    return allowed;
  }

  /** Whether `token` can come next (what the mask says, checked for one token). */
  allows(token: number): boolean {
    if (token === this.vocabulary.eosToken) return this.complete;
    return this.after(token) !== null;
  }

  /** Moves past `token`; false (state unchanged) when the token cannot come next. */
  accept(token: number): boolean {
    if (token === this.vocabulary.eosToken) return this.complete;
    const next = this.after(token);
    if (next === null) return false;
    this.configs = next;
    return true;
  }

  private after(token: number): readonly Config[] | null {
    const bytes = this.vocabulary.tokenBytes(token);
    if (bytes.length === 0) return null;
    let configs = this.configs;
    for (const byte of bytes) {
      configs = advance(configs, byte);
      if (configs.length === 0) return null;
    }
    return configs;
  }

  /** Inside a string, plain-text tokens only need room; the rest are walked. Elsewhere every token is walked. */
  private fill(allowed: Uint8Array): void {
    const room = plainStringRoom(this.configs);
    if (room === null) return this.walk(this.index.all, this.configs, allowed);
    const { plainChars } = this.index;
    for (let t = 0; t < plainChars.length; t++) if (plainChars[t]! >= 0 && plainChars[t]! <= room) allowed[t] = 1;
    this.walk(this.index.structural, this.configs, allowed);
  }

  private walk(node: TrieNode, configs: readonly Config[], allowed: Uint8Array): void {
    for (const [byte, child] of node.children) {
      const next = advance(configs, byte);
      if (next.length === 0) continue;
      for (const token of child.tokens) allowed[token] = 1;
      if (child.children.size > 0) this.walk(child, next, allowed);
    }
  }
}
