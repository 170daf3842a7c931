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
