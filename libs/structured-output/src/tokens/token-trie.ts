import { type TokenVocabulary } from './token-vocabulary';

/** A node of a byte trie of tokens: the tokens whose bytes end here, and the longer ones below. */
export interface TrieNode {
  readonly tokens: number[];
  readonly children: Map<number, TrieNode>;
}

/** What the constraint precomputes once per vocabulary. */
export interface VocabularyIndex {
  /** Every token with bytes, by its bytes. */
  readonly all: TrieNode;
  /**
   * Per token: the code points it adds when its bytes are plain string content (printable,
   * no quote, no backslash, whole UTF-8 characters), else -1. Inside a string these
   * tokens need no walk: they fit if the string has room for them.
   */
  readonly plainChars: Int32Array;
  /** The tokens with bytes that are not plain string content. */
  readonly structural: TrieNode;
}

const indexes = new WeakMap<TokenVocabulary, VocabularyIndex>();

/**
 * The vocabulary's tokens in tries by their bytes, built once per vocabulary. Walking a
 * trie checks the bytes tokens share only once and stops at the first byte the automaton
 * refuses, so a BPE vocabulary costs far less than one walk per token.
 */
export function vocabularyIndex(vocabulary: TokenVocabulary): VocabularyIndex {
  let index = indexes.get(vocabulary);
  if (!index) {
    const all = emptyNode();
    const structural = emptyNode();
    const plainChars = new Int32Array(vocabulary.vocabSize).fill(-1);
    for (let token = 0; token < vocabulary.vocabSize; token++) {
      const bytes = vocabulary.tokenBytes(token);
      if (bytes.length === 0) continue;
      insert(all, bytes, token);
      plainChars[token] = plainCodePoints(bytes);
      if (plainChars[token]! < 0) insert(structural, bytes, token);
    }
    index = { all, plainChars, structural };
    indexes.set(vocabulary, index);
  }
  return index;
}

function emptyNode(): TrieNode {
  return { tokens: [], children: new Map() };
}

function insert(root: TrieNode, bytes: Uint8Array, token: number): void {
  let node = root;
  for (const byte of bytes) {
    let child = node.children.get(byte);
    if (!child) node.children.set(byte, (child = emptyNode()));
    node = child;
  }
  node.tokens.push(token);
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Code points of `bytes` if they are whole, well-formed UTF-8 with no quote, backslash or control byte; else -1. */
function plainCodePoints(bytes: Uint8Array): number {
  for (const byte of bytes) if (byte < 0x20 || byte === 0x22 || byte === 0x5c) return -1;
  try {
    let count = 0;
    for (const _ of STRICT_UTF8.decode(bytes)) count++;
    return count;
  } catch {
    return -1;
  }
}
