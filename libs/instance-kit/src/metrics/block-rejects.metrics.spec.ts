import { Registry } from 'prom-client';
import { Metrics } from '@tsukimi/service-kit';
import { invalidExpositionLines, sampleValue } from '@tsukimi/service-kit/testing';
import { countBlockRejects, registerBlockRejects } from './block-rejects.metrics';

const REASONS = ['digest', 'checksum', 'key', 'model', 'layout', 'length', 'truncated', 'magic', 'version'];

describe('block reject metrics', () => {
  it('declares every reason at 0, then counts each refused block by reason and as a corrupt block from the pool', async () => {
    const metrics = new Metrics(new Registry());
    registerBlockRejects(metrics);
    const before = await metrics.registry.metrics();
    for (const reason of REASONS) expect(sampleValue(before, `tsukimi_kvpool_block_rejects_total{reason="${reason}"}`)).toBe(0);

    countBlockRejects(metrics, ['digest-mismatch', 'checksum-mismatch', 'digest-mismatch', 'unsupported-version']);
    countBlockRejects(metrics, []);
    const text = await metrics.registry.metrics();
    expect(invalidExpositionLines(text)).toEqual([]);
    expect(REASONS.map((reason) => sampleValue(text, `tsukimi_kvpool_block_rejects_total{reason="${reason}"}`))).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(sampleValue(text, 'tsukimi_kvpool_corrupt_blocks_total{source="pool"}')).toBe(4);
  });
});
