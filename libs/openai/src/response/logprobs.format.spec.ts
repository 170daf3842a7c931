import { chatLogprobs, completionLogprobs, jsonLogprob, tokenPieces } from './logprobs.format';

const pieces = tokenPieces((token) => (token === 1000 ? Uint8Array.of(0xc3, 0xa9) : token < 256 ? Uint8Array.of(token) : '<|eos|>'));

describe('tokenPieces', () => {
  it.each([
    ['an ASCII byte', 65, { text: 'A', bytes: [65] }],
    ['a whole multi-byte character', 1000, { text: 'é', bytes: [0xc3, 0xa9] }],
    ['part of a character', 0xe2, { text: 'bytes:\\xe2', bytes: [0xe2] }],
    ['a special token', 257, { text: '<|eos|>', bytes: null }],
  ])('shows %s', (_name, token, piece) => {
    expect(pieces(token)).toEqual(piece);
  });
});

describe('logprob values', () => {
  it.each([
    [-0.25, -0.25],
    [0, 0],
    [-Infinity, -9999],
    [NaN, -9999],
  ])('sends %p as %p', (value, sent) => {
    expect(jsonLogprob(value)).toBe(sent);
  });
});

describe('completionLogprobs', () => {
  it('lists the chosen token among its alternatives even when it is not the most likely', () => {
    const json = completionLogprobs([{ token: 66, text: 'B', logprob: -3, top: [{ token: 65, logprob: -0.1 }] }], pieces);
    expect(json.top_logprobs).toEqual([{ A: -0.1, B: -3 }]);
  });

  it('counts text offsets from the given start, by the text each token made showable', () => {
    const tokens = [
      { token: 0xc3, text: '', logprob: -1, top: [] },
      { token: 0xa9, text: 'é', logprob: -1, top: [] },
      { token: 33, text: '!', logprob: -1, top: [] },
    ];
    expect(completionLogprobs(tokens, pieces, 5).text_offset).toEqual([5, 5, 6]);
  });
});

describe('chatLogprobs', () => {
  it('gives each token and alternative its text and bytes', () => {
    expect(chatLogprobs([{ token: 1000, text: 'é', logprob: -1, top: [{ token: 1000, logprob: -1 }, { token: 0xe2, logprob: -2 }] }], pieces)).toEqual({
      content: [
        {
          token: 'é',
          logprob: -1,
          bytes: [0xc3, 0xa9],
          top_logprobs: [
            { token: 'é', logprob: -1, bytes: [0xc3, 0xa9] },
            { token: 'bytes:\\xe2', logprob: -2, bytes: [0xe2] },
          ],
        },
      ],
      refusal: null,
    });
  });
});
