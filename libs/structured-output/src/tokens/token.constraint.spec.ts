import { expectOk } from '@tsukimi/result';
import { compileOutputConstraint } from '../compile-output-constraint';
import { type JsonSchema, type OutputConstraint } from '../output-constraint';
import { BYTE_VOCABULARY, pieceVocabulary, seededUniform } from '../testing/test-vocabularies';
import { type TokenVocabulary } from './token-vocabulary';

const bytes = (text: string) => [...new TextEncoder().encode(text)];
const schema = (s: JsonSchema): OutputConstraint => ({ kind: 'json-schema', schema: s });

function started(constraint: OutputConstraint, vocabulary: TokenVocabulary, tokens: readonly number[]) {
  const state = expectOk(compileOutputConstraint(constraint), 'compile').start(vocabulary);
  for (const token of tokens) expect(state.accept(token)).toBe(true);
  return state;
}

/** The allowed tokens, as text for bytes and names for the rest. */
function allowed(constraint: OutputConstraint, text: string): string[] {
  const mask = started(constraint, BYTE_VOCABULARY, bytes(text)).allowedTokens();
  return [...mask.keys()].filter((t) => mask[t] === 1).map((t) => (t === BYTE_VOCABULARY.eosToken ? '<eos>' : t < 256 ? String.fromCharCode(t) : `<${t}>`));
}

describe('TokenConstraint', () => {
  it.each<[string, OutputConstraint, string, string[]]>([
    ['json_object starts with a brace', { kind: 'json-object' }, '', ['{']],
    ['only declared keys', schema({ type: 'object', properties: { ab: {}, ac: {} } }), '{"a', ['b', 'c']],
    ['after the key, whitespace or colon', schema({ type: 'object', properties: { a: {} } }), '{"a"', ['\t', '\n', '\r', ' ', ':']],
    ['a complete value forces EOS', { kind: 'json-object' }, '{}', ['<eos>']],
    ['a top-level number may end or go on', schema({ type: 'integer' }), '7', ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '<eos>']],
    ['enum continuation', schema({ enum: ['yes', 'no'] }), '"', ['n', 'y']],
    ['required key first', schema({ type: 'object', properties: { a: {} }, required: ['a'] }), '{', ['\t', '\n', '\r', ' ', '"']],
    ['booleans', schema({ type: 'boolean' }), '', ['f', 't']],
  ])('%s', (_name, constraint, text, expected) => {
    expect(allowed(constraint, text)).toEqual(expected);
  });

  it('never allows specials other than EOS, nor EOS before the value is complete', () => {
    const mask = started({ kind: 'json-object' }, BYTE_VOCABULARY, bytes('{"a":1')).allowedTokens();
    expect([mask[256], mask[257], mask[258]]).toEqual([0, 0, 0]);
  });

  it('refuses a token that cannot come next and keeps its state', () => {
    const state = started({ kind: 'json-object' }, BYTE_VOCABULARY, bytes('{'));
    expect(state.accept(0x5d)).toBe(false);
    expect(state.accept(BYTE_VOCABULARY.eosToken)).toBe(false);
    expect(state.accept(0x7d)).toBe(true);
    expect(state.complete).toBe(true);
    expect(state.accept(BYTE_VOCABULARY.eosToken)).toBe(true);
  });

  describe('multi-byte tokens', () => {
    const vocabulary = pieceVocabulary(['{"', '":', '"}', 'name', 'nam', 'e":"', 'true', ' {', '}\n', '}}', '\u00e9']);
    const piece = (text: string) => 256 + vocabulary.pieces.findIndex((p) => new TextDecoder().decode(p) === text);
    const allowedPieces = (constraint: OutputConstraint, tokens: number[]) => {
      const mask = started(constraint, vocabulary, tokens).allowedTokens();
      return vocabulary.pieces.map((p, i) => [new TextDecoder().decode(p), mask[256 + i]] as const).filter(([, on]) => on === 1).map(([p]) => p);
    };
    const nameSchema = schema({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });

    it.each<[string, OutputConstraint, () => number[], string[]]>([
      ['a piece that spans structure', nameSchema, () => [], ['{"']],
      ['pieces inside a key, and one that ends it', nameSchema, () => [piece('{"')], ['name', 'nam']],
      ['a piece that closes the key and opens the value', nameSchema, () => [piece('{"'), piece('nam')], ['e":"']],
      ['string content, or closing the string and the object', nameSchema, () => [piece('{"'), piece('name'), piece('":'), 0x22, 0x78], ['{"', '"}', 'name', 'nam', 'true', ' {', '}}', '\u00e9']],
      ['no piece with bytes after the value', schema({ type: 'object' }), () => [0x7b, 0x22, 0x61, piece('":'), 0x31], []],
      ['nothing once complete', schema({ type: 'object' }), () => [0x7b, 0x7d], []],
    ])('%s', (_name, constraint, tokens, expected) => {
      expect(allowedPieces(constraint, tokens())).toEqual(expected);
    });
  });

  it('masks exactly the tokens that a token-by-token check accepts, along random paths', () => {
    const random = seededUniform(11);
    const alphabet = ['a', 'é', ' ', '"', '\\', '{', '}', '[', ']', ':', ',', '1', '.', 'e', '-', 'n', 'u', 'l', 't', '\n', '\u00ff', '🌕'];
    const pieces = new Set<string>();
    while (pieces.size < 300) pieces.add(Array.from({ length: 2 + Math.floor(random() * 4) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    const vocabulary = pieceVocabulary([...pieces, '\xf0\x9f'.slice(0, 1)]);
    const constraint = schema({ type: 'array', items: { anyOf: [{ type: 'string', maxLength: 4 }, { type: 'number' }, { type: 'object', properties: { s: { type: 'string', maxLength: 2 }, u: { type: 'null' } } }] } });
    for (let path = 0; path < 10; path++) {
      const state = started(constraint, vocabulary, []);
      for (let step = 0; step < 40; step++) {
        const mask = state.allowedTokens();
        for (let token = 0; token < vocabulary.vocabSize; token++) {
          if (state.allows(token) !== (mask[token] === 1)) throw new Error(`path ${path} step ${step} token ${token}: mask ${mask[token]}`);
        }
        const open = [...mask.keys()].filter((t) => mask[t] === 1 && t !== vocabulary.eosToken);
        if (open.length === 0) break;
        expect(state.accept(open[Math.floor(random() * open.length)]!)).toBe(true);
      }
    }
  });
});
