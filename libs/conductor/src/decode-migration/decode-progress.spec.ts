import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { DecodeProgress } from './decode-progress';

const blockKeys = [blockKeyFromU64(1n), blockKeyFromU64(2n)];

describe('DecodeProgress', () => {
  it.each([
    ['after prefill, nothing streamed', 7, [], { blockKeys, firstToken: 7 }, 1],
    ['after prefill, tokens streamed', 7, [8, 9], { blockKeys, firstToken: 7, continuedTokens: [8, 9] }, 3],
    ['a whole run, nothing streamed', undefined, [], { blockKeys, firstToken: undefined }, 0],
    ['a whole run, its first token streamed', undefined, [5], { blockKeys, firstToken: 5, continuedTokens: [] }, 1],
    ['a whole run, tokens streamed', undefined, [5, 6, 7], { blockKeys, firstToken: 5, continuedTokens: [6, 7] }, 3],
  ] as const)('%s: resumes after every token generated', (_name, firstToken, streamed, handoff, generated) => {
    const progress = new DecodeProgress({ blockKeys, firstToken });
    for (const token of streamed) progress.record(token);
    expect(progress.handoff()).toEqual(handoff);
    expect([progress.tokens, progress.generated]).toEqual([streamed.length, generated]);
  });
});
