import { Registry } from 'prom-client';
import { Metrics } from '@tsukimi/service-kit';
import { invalidExpositionLines, sampleValue } from '@tsukimi/service-kit/testing';
import { transferMetrics } from './transfer.metrics';

describe('transferMetrics', () => {
  it('counts bytes and times batches by direction, and failed blocks by reason', async () => {
    const metrics = new Metrics(new Registry());
    const observer = transferMetrics(metrics);
    const before = await metrics.registry.metrics();
    expect(sampleValue(before, 'tsukimi_kvpool_transfer_bytes_total{direction="received"}')).toBe(0);
    for (const reason of ['timeout', 'connection-refused', 'connection-lost', 'protocol-error', 'remote-failure']) {
      expect(sampleValue(before, `tsukimi_kvpool_transfer_errors_total{reason="${reason}"}`)).toBe(0);
    }

    observer.onTransfer({ direction: 'received', bytes: 4096, blocks: 2, seconds: 0.003 });
    observer.onTransfer({ direction: 'sent', bytes: 1024, blocks: 1, seconds: 0.02 });
    observer.onTransferFailed({ direction: 'received', reason: 'timeout', blocks: 3 });
    const text = await metrics.registry.metrics();
    expect(invalidExpositionLines(text)).toEqual([]);
    expect(sampleValue(text, 'tsukimi_kvpool_transfer_bytes_total{direction="received"}')).toBe(4096);
    expect(sampleValue(text, 'tsukimi_kvpool_transfer_bytes_total{direction="sent"}')).toBe(1024);
    expect(sampleValue(text, 'tsukimi_kvpool_transfer_seconds_count{direction="received"}')).toBe(1);
    expect(sampleValue(text, 'tsukimi_kvpool_transfer_seconds_bucket{le="0.005",direction="received"}')).toBe(1);
    expect(sampleValue(text, 'tsukimi_kvpool_transfer_errors_total{reason="timeout"}')).toBe(3);
  });
});
