import { instanceId, type InstanceSnapshot } from '../instance.model';
import { decode, TEST_DECODE_STEP } from '../testing/scheduler.fixtures';
import { predictPrefillMs } from './prefill-time.model';
import { QueueTimeEstimator } from './queue-time.estimator';
import { TbtEstimator } from './tbt.estimator';
import { TransferTimeEstimator, transferPathOf } from './transfer-time.estimator';

const prefill = { baseMs: 2, msPerComputedToken: 0.5, msPerAttendedPair: 0.001 };

function instance(extra: Partial<InstanceSnapshot>): InstanceSnapshot {
  return { id: instanceId('p'), role: 'prefill', routable: true, inFlightRequests: 0, inFlightTokens: 0, ...extra };
}

describe('QueueTimeEstimator', () => {
  it('sums the predicted prefill time of each queued request when the instance reports them', () => {
    const queue = new QueueTimeEstimator({ prefill });
    const queued = [
      { promptTokens: 100, reusedTokens: 0 },
      { promptTokens: 400, reusedTokens: 300 },
    ];
    expect(queue.queueMs(instance({ inFlightTokens: 999, queuedPrefills: queued }))).toBeCloseTo(predictPrefillMs(prefill, 100, 0) + predictPrefillMs(prefill, 400, 300));
  });

  it('otherwise charges tokens in flight at a per-token cost, by default the profile’s at a 2k-token prompt', () => {
    expect(new QueueTimeEstimator({ prefill, msPerQueuedToken: 0.25 }).queueMs(instance({ inFlightTokens: 400 }))).toBe(100);
    const queue = new QueueTimeEstimator({ prefill });
    expect(queue.msPerQueuedToken).toBeCloseTo(predictPrefillMs(prefill, 2048, 0) / 2048);
    expect(queue.queueMs(instance({}))).toBe(0);
  });
});

describe('TransferTimeEstimator', () => {
  const transfer = new TransferTimeEstimator({
    blockBytes: 2_000_000,
    bandwidthBytesPerS: { 'device-remote': 20e9, dram: 10e9, ssd: 2e9 },
    setupMs: { ssd: 0.5 },
  });

  it.each([
    [0, 'ssd', 0],
    [100, 'device-remote', 10],
    [100, 'dram', 20],
    [100, 'ssd', 100.5],
  ] as const)('moves %i blocks over %s in %f ms', (blocks, path, ms) => {
    expect(transfer.transferMs(blocks, path)).toBeCloseTo(ms, 9);
  });

  it('reads another instance’s memory over the device-remote path and a node’s tiers over their own', () => {
    expect(transferPathOf({ tier: 'device', instance: instanceId('p') })).toBe('device-remote');
    expect(transferPathOf({ tier: 'ssd', node: 'n' })).toBe('ssd');
  });
});

describe('TbtEstimator', () => {
  const tbt = new TbtEstimator(TEST_DECODE_STEP);

  it('predicts the step with the new request added to the batch as it is', () => {
    const d = decode('d', 4, 100, 50);
    expect(tbt.currentMs(d)).toBeCloseTo(10 + 4 + 4);
    expect(tbt.withRequestMs(d, 200)).toBeCloseTo(10 + 5 + 6);
  });

  it('judged ahead, leaves out requests that will have finished and grows the others', () => {
    const d = { ...decode('d', 0), decodeBatch: [{ contextTokens: 100, remainingTokens: 3 }, { contextTokens: 100, remainingTokens: 100 }] };
    // Now: 10 + 2 + 2 = 14 ms a step, so 50 ms is 3 steps: the first request is done, the second has 103 tokens.
    expect(tbt.withRequestMs(d, 200, 50)).toBeCloseTo(10 + 2 + (103 + 200) * 0.01);
    expect(tbt.withRequestMs(d, 200, 0)).toBeCloseTo(10 + 3 + 4);
  });

  it('without the batch’s details uses the conductor’s counts and cannot look ahead', () => {
    const d: InstanceSnapshot = { id: instanceId('d'), role: 'decode', routable: true, inFlightRequests: 3, inFlightTokens: 600 };
    expect(tbt.withRequestMs(d, 100, 1e9)).toBeCloseTo(10 + 4 + 7);
  });
});
