import { DISAGG_VS_LOCAL_MODEL, DISAGG_VS_LOCAL_PROMPT_TOKENS } from './disagg-vs-local.measure';
import { llamaCppInstanceSettings } from './local-llamacpp.settings';

describe('the single-process llama.cpp baseline', () => {
  it('runs llama.cpp as the cluster runs its instances: one thread, F16 KV, flash attention off, their context and batch', () => {
    expect(llamaCppInstanceSettings('/models/tiny.gguf', {})).toEqual({
      modelPath: '/models/tiny.gguf',
      threads: 1,
      contextTokens: 4096,
      batchTokens: 512,
      kvDtype: 'f16',
      flashAttention: false,
    });
  });

  it.each([
    [{ TSUKIMI_PREFILL_KV_DTYPE: 'f32' }, { kvDtype: 'f32' }],
    [{ TSUKIMI_PREFILL_FLASH_ATTENTION: 'true' }, { flashAttention: true }],
    [{ TSUKIMI_PREFILL_BATCH_TOKENS: '256' }, { batchTokens: 256 }],
  ])('follows what the instances would read from the environment: %j', (env, changed) => {
    expect(llamaCppInstanceSettings('/models/tiny.gguf', env)).toMatchObject(changed);
  });

  it('uses a model whose context, and the instances\', hold the 2k-token prompts and what follows', () => {
    const room = DISAGG_VS_LOCAL_PROMPT_TOKENS + 64;
    expect(DISAGG_VS_LOCAL_MODEL.contextTokens).toBeGreaterThanOrEqual(room);
    expect(llamaCppInstanceSettings('/m.gguf', {}).contextTokens).toBeGreaterThanOrEqual(room);
  });
});
