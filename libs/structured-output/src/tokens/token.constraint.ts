import { advance, canFinish, type Config, startConfigs } from '../automaton/json.automaton';
import { type SchemaNode } from '../schema/schema-node';
import { type TrieNode, vocabularyTrie } from './token-trie';
import { type TokenVocabulary } from './token-vocabulary';

/**
 * One request's structured-output state over tokens: which tokens may come next, and
 * the state after each token chosen. EOS is allowed only once the value is complete,
 * and once nothing can extend the value, EOS is the only token allowed.
 */
export class TokenConstraint {
  private configs: readonly Config[];
  private readonly trie: TrieNode;

  constructor(
    root: SchemaNode,
    private readonly vocabulary: TokenVocabulary,
  ) {
    this.configs = startConfigs(root);
    this.trie = vocabularyTrie(vocabulary);
  }

  /** Whether the text so far is a complete value. */
  get complete(): boolean {
    return canFinish(this.configs);
  }

  /** One flag per token id: 1 where the token can come next. */
  allowedTokens(): Uint8Array {
    const allowed = new Uint8Array(this.vocabulary.vocabSize);
    this.walk(this.trie, this.configs, allowed);
    if (canFinish(this.configs)) allowed[this.vocabulary.eosToken] = 1;
    return allowed;
  }

  /** Moves past `token`; false (state unchanged) when the token cannot come next. */
  accept(token: number): boolean {
    if (token === this.vocabulary.eosToken) return this.complete;
    const bytes = this.vocabulary.tokenBytes(token);
    if (bytes.length === 0) return false;
    let configs = this.configs;
    for (const byte of bytes) {
      configs = advance(configs, byte);
      if (configs.length === 0) return false;
    }
    this.configs = configs;
    return true;
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
