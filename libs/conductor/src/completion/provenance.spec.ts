import { type RequestProvenance } from '../request.model';
import { provenanceHeaders, provenanceUsage } from './provenance';

const served: RequestProvenance = { prefillInstance: 'p1', decodeInstance: 'd1', reusedTokens: { device: 0, dram: 32, ssd: 0 }, computedTokens: 8, ttftMs: 12.34 };
const fetched: RequestProvenance = {
  ...served,
  plan: { given: { branch: 'fetch', deviceBlocks: 0, reusedBlocks: 2, source: { node: 'pool-a', tier: 'dram' } }, outcome: { branch: 'fetch', reason: 'followed' } },
};
const fellBack: RequestProvenance = { ...served, plan: { given: { branch: 'holder', deviceBlocks: 2, reusedBlocks: 2 }, outcome: { branch: 'holder', reason: 'device-evicted' } } };

describe('provenance of the prefill plan', () => {
  it.each<[string, RequestProvenance, string | undefined, unknown]>([
    ['a plan followed, with the node it read', fetched, 'branch=fetch;outcome=followed;source=dram@pool-a', { branch: 'fetch', outcome: 'followed', source: { node: 'pool-a', tier: 'dram' } }],
    ['a plan fallen back from, and why', fellBack, 'branch=holder;outcome=device-evicted', { branch: 'holder', outcome: 'device-evicted' }],
    ['no plan reported', served, undefined, undefined],
  ])('%s', (_what, provenance, header, usage) => {
    expect(provenanceHeaders(provenance)['x-tsukimi-plan']).toBe(header);
    expect(provenanceUsage([{ promptTokens: 40, completionTokens: 1, finishReason: 'length', cachedTokens: 32, provenance }]).plan).toEqual(usage);
  });
});

describe('provenance of decode migrations', () => {
  it.each<[string, RequestProvenance, string | undefined, unknown]>([
    [
      'two decode instances lost mid-stream, in order',
      { ...served, decodeInstance: 'd3', decodeMigrations: [{ fromInstance: 'd1', afterTokens: 4 }, { fromInstance: 'd2', afterTokens: 9 }] },
      'd1;after=4,d2;after=9',
      [{ from_instance: 'd1', after_tokens: 4 }, { from_instance: 'd2', after_tokens: 9 }],
    ],
    ['none', served, undefined, undefined],
  ])('%s', (_what, provenance, header, usage) => {
    expect(provenanceHeaders(provenance)['x-tsukimi-decode-migrations']).toBe(header);
    expect(provenanceUsage([{ promptTokens: 40, completionTokens: 1, finishReason: 'length', cachedTokens: 32, provenance }]).decode_migrations).toEqual(usage);
  });
});

describe('provenance of the reuse audit', () => {
  it.each<[string, RequestProvenance, string | undefined, unknown]>([
    [
      'the cached tokens predicted by tier, and the instance untrusted',
      { ...served, audit: { predictedTokens: { device: 16, dram: 32, ssd: 0 }, cacheTrusted: false } },
      'device=16,dram=32,ssd=0;trusted=false',
      { predicted_reused_tokens: { device: 16, dram: 32, ssd: 0 }, cache_trusted: false },
    ],
    ['no audit', served, undefined, { predicted_reused_tokens: undefined, cache_trusted: undefined }],
  ])('%s', (_what, provenance, header, usage) => {
    expect(provenanceHeaders(provenance)['x-tsukimi-predicted-reused-tokens']).toBe(header);
    const { predicted_reused_tokens, cache_trusted } = provenanceUsage([{ promptTokens: 40, completionTokens: 1, finishReason: 'length', cachedTokens: 32, provenance }]);
    expect({ predicted_reused_tokens, cache_trusted }).toEqual(usage);
  });
});
