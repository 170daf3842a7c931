import { blockHashOptions, blockKeys } from '@tsukimi/kv-block';
import { adapterModelKey } from './adapter-model-key';

describe('adapterModelKey', () => {
  it('is the base model id with the adapter id appended', () => {
    expect(adapterModelKey('tiny', '0123456789abcdef')).toBe('tiny+lora:0123456789abcdef');
  });

  it('seeds block keys apart from the base model and from another adapter', () => {
    const tokens = Array.from({ length: 32 }, (_, i) => i);
    const keys = (modelId: string) => blockKeys(tokens, blockHashOptions({ modelId, tenantSalt: '', blockSizeTokens: 16 }));
    const all = [keys('tiny'), keys(adapterModelKey('tiny', 'a')), keys(adapterModelKey('tiny', 'b'))].flat();
    expect(new Set(all).size).toBe(6);
  });
});
