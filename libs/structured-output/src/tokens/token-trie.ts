import { type TokenVocabulary } from './token-vocabulary';

/** A node of the vocabulary's byte trie: the tokens whose bytes end here, and the longer ones below. */
export interface TrieNode {
  readonly tokens: number[];
  readonly children: Map<number, TrieNode>;
}

const tries = new WeakMap<TokenVocabulary, TrieNode>();

/**
 * The vocabulary's tokens in a trie by their bytes, built once per vocabulary. Walking it
 * checks the bytes tokens share only once, and stops at the first byte the automaton
 * refuses, so a BPE vocabulary costs far less than one walk per token.
 */
export function vocabularyTrie(vocabulary: TokenVocabulary): TrieNode {
  let root = tries.get(vocabulary);
  if (!root) {
    root = { tokens: [], children: new Map() };
    for (let token = 0; token < vocabulary.vocabSize; token++) {
      const bytes = vocabulary.tokenBytes(token);
      if (bytes.length === 0) continue;
      let node = root;
      for (const byte of bytes) {
        let child = node.children.get(byte);
        if (!child) node.children.set(byte, (child = { tokens: [], children: new Map() }));
        node = child;
      }
      node.tokens.push(token);
    }
    tries.set(vocabulary, root);
  }
  return root;
}
