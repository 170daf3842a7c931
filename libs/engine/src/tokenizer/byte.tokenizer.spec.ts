import { BYTE_VOCAB, ByteTokenizer } from './byte.tokenizer';

describe('ByteTokenizer', () => {
  const tokenizer = new ByteTokenizer();

  it.each([
    ['ascii', 'hello', [104, 101, 108, 108, 111]],
    ['two-byte', 'é', [0xc3, 0xa9]],
    ['emoji', '🌕', [0xf0, 0x9f, 0x8c, 0x95]],
    ['empty', '', []],
  ])('encodes %s text as its UTF-8 bytes', (_name, text, tokens) => {
    expect(tokenizer.encode(text)).toEqual(tokens);
    expect(tokenizer.decode(tokens)).toBe(text);
  });

  it('streams a leading byte order mark as the text it is, as decode does', () => {
    const decoder = tokenizer.streamDecoder();
    const text = [0xef, 0xbb, 0xbf, 0x41].map((t) => decoder.push(t)).join('') + decoder.flush();
    expect(text).toBe('\ufeffA');
    expect(tokenizer.decode([0xef, 0xbb, 0xbf, 0x41])).toBe(text);
  });

  it('produces no text for special tokens', () => {
    expect(tokenizer.decode([BYTE_VOCAB.bos, 104, 105, BYTE_VOCAB.eos, BYTE_VOCAB.pad])).toBe('hi');
  });

  it('streams multi-byte characters only once complete', () => {
    const decoder = tokenizer.streamDecoder();
    const pieces = tokenizer.encode('a🌕b').map((t) => decoder.push(t));
    expect(pieces).toEqual(['a', '', '', '', '🌕', 'b']);
    expect(decoder.flush()).toBe('');
  });

  it.each([
    ['a byte', 0x41, [0x41]],
    ['a UTF-8 lead byte', 0xf0, [0xf0]],
    ['BOS', BYTE_VOCAB.bos, []],
    ['EOS', BYTE_VOCAB.eos, []],
    ['PAD', BYTE_VOCAB.pad, []],
  ])('gives the bytes of %s', (_name, token, expected) => {
    expect([...tokenizer.tokenBytes(token)]).toEqual(expected);
  });

  it('replaces an unfinished character with U+FFFD on flush', () => {
    const decoder = tokenizer.streamDecoder();
    expect(decoder.push(0xf0)).toBe('');
    expect(decoder.flush()).toBe('\ufffd');
  });
});
