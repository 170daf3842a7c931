import { chooseRun, type RunChoiceInput, type RunChoiceRule } from './run-choice.policy';

const rule = (mode: RunChoiceRule['mode']): RunChoiceRule => ({ mode, maxLocalPrefillTokens: 256, tbtSloMs: 100 });
const idle = { ttftMs: 400, prefillMs: 400, transferMs: 0, reusedBlocks: 0 };
const request = (promptTokens: number, more: Partial<RunChoiceInput> = {}): RunChoiceInput => ({ promptTokens, loadableTokens: 0, blockSizeTokens: 16, prefillEstimate: idle, ...more });

describe('chooseRun', () => {
  it.each([
    ['never runs a long prompt on the decode instance', 'never', request(4000), { run: 'local', reason: 'never' }],
    ['always disaggregates a one-token prompt', 'always', request(1), { run: 'disaggregated', reason: 'always' }],
    ['never ignores a busy decode instance', 'never', request(10, { decodeTbtMs: 500 }), { run: 'local', reason: 'never' }],
  ] as const)('%s', (_name, mode, input, expected) => {
    expect(chooseRun(rule(mode), input)).toEqual(expected);
  });

  it.each([
    ['a short prompt runs locally', request(40), { run: 'local', reason: 'short-uncached' }],
    ['a prompt at the bound runs locally', request(256), { run: 'local', reason: 'short-uncached' }],
    ['a long prompt is disaggregated on an idle cluster', request(1000), { run: 'disaggregated', reason: 'long-uncached' }],
    ['a long prompt whose prefix the pool holds leaves a short uncached part: local', request(1000, { loadableTokens: 800 }), { run: 'local', reason: 'short-uncached' }],
    ['a long prompt without estimates is disaggregated', request(1000, { prefillEstimate: undefined }), { run: 'disaggregated', reason: 'long-uncached' }],
    ['a short prompt on a decode instance at its TBT target is disaggregated', request(40, { decodeTbtMs: 100 }), { run: 'disaggregated', reason: 'decode-busy' }],
    ['a short prompt on a decode instance with room runs locally', request(40, { decodeTbtMs: 99 }), { run: 'local', reason: 'short-uncached' }],
    [
      'a long prompt behind a prefill queue runs locally',
      request(1000, { prefillEstimate: { ttftMs: 1400, prefillMs: 400, transferMs: 0, reusedBlocks: 0 } }),
      { run: 'local', reason: 'prefill-busy' },
    ],
    [
      'a long fresh prompt on an idle prefill pool is a tie and stays there, whatever the rounding of (x × n) / n',
      request(600, { prefillEstimate: { ttftMs: 3 / 7, prefillMs: 3 / 7, transferMs: 0, reusedBlocks: 0 } }),
      { run: 'disaggregated', reason: 'long-uncached' },
    ],
    [
      'a long prompt whose prefix only the prefill instance holds stays there',
      request(1000, { prefillEstimate: { ttftMs: 120, prefillMs: 100, transferMs: 20, reusedBlocks: 50 } }),
      { run: 'disaggregated', reason: 'long-uncached' },
    ],
    [
      'the decode instance\'s local computing counts the pool transfer it shares with the prefill instance',
      request(1000, { loadableTokens: 480, prefillEstimate: { ttftMs: 300, prefillMs: 280, transferMs: 20, reusedBlocks: 30 } }),
      { run: 'disaggregated', reason: 'long-uncached' },
    ],
  ] as const)('auto: %s', (_name, input, expected) => {
    expect(chooseRun(rule('auto'), input)).toEqual(expected);
  });
});
