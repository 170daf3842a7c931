import { compileStoreMasterOptions, StoreOptionsError, type StoreMasterOptions } from './store-master.options';

describe('store master options', () => {
  it('defaults every option', () => {
    expect(compileStoreMasterOptions()).toEqual({
      leaseTtlMs: 10_000,
      nodeTimeoutMs: 10_000,
      pendingPutTimeoutMs: 60_000,
      highWatermark: 0.9,
      evictionBatchRatio: 0.05,
      evictionPolicy: 'lru',
      placement: 'random',
      defaultReplicas: 1,
      maxReplicas: 8,
      hotReplicas: 1,
      hotReadsPerWindow: 32,
      hotWindowMs: 10_000,
      hotWindowSlices: 4,
      hotSketchWidth: 2048,
      hotTrackedBlocks: 1024,
      hotCopiesPerPass: 16,
      hotCopyTimeoutMs: 5_000,
      reuseSampleRate: 0.01,
      reuseTrackedBlocks: 65_536,
      hitHalfLifeMs: 600_000,
      hitTrackedBlocks: 65_536,
    });
  });

  it('keeps what is given and defaults what is undefined', () => {
    expect(compileStoreMasterOptions({ leaseTtlMs: 5, placement: undefined })).toMatchObject({ leaseTtlMs: 5, placement: 'random' });
  });

  it.each<[StoreMasterOptions, keyof StoreMasterOptions]>([
    [{ leaseTtlMs: 0 }, 'leaseTtlMs'],
    [{ nodeTimeoutMs: 1.5 }, 'nodeTimeoutMs'],
    [{ pendingPutTimeoutMs: -1 }, 'pendingPutTimeoutMs'],
    [{ highWatermark: 0 }, 'highWatermark'],
    [{ highWatermark: 1.1 }, 'highWatermark'],
    [{ evictionBatchRatio: 0 }, 'evictionBatchRatio'],
    [{ highWatermark: 0.5, evictionBatchRatio: 0.6 }, 'evictionBatchRatio'],
    [{ evictionPolicy: 'fifo' as never }, 'evictionPolicy'],
    [{ placement: 'round-robin' as never }, 'placement'],
    [{ defaultReplicas: 3, maxReplicas: 2 }, 'defaultReplicas'],
    [{ hotReplicas: 0 }, 'hotReplicas'],
    [{ hotReplicas: 9 }, 'hotReplicas'],
    [{ hotReadsPerWindow: 0 }, 'hotReadsPerWindow'],
    [{ hotWindowMs: 2.5 }, 'hotWindowMs'],
    [{ hotWindowMs: 3, hotWindowSlices: 4 }, 'hotWindowSlices'],
    [{ hotSketchWidth: 0 }, 'hotSketchWidth'],
    [{ hotTrackedBlocks: -1 }, 'hotTrackedBlocks'],
    [{ hotCopiesPerPass: 0 }, 'hotCopiesPerPass'],
    [{ hotCopyTimeoutMs: 0 }, 'hotCopyTimeoutMs'],
    [{ reuseSampleRate: 1.5 }, 'reuseSampleRate'],
    [{ reuseSampleRate: Number.NaN }, 'reuseSampleRate'],
    [{ reuseTrackedBlocks: 0 }, 'reuseTrackedBlocks'],
    [{ hitHalfLifeMs: 0 }, 'hitHalfLifeMs'],
    [{ hitTrackedBlocks: -1 }, 'hitTrackedBlocks'],
  ])('fails at boot on %j, naming %s', (options, key) => {
    expect(() => compileStoreMasterOptions(options)).toThrow(expect.objectContaining({ name: 'StoreOptionsError', code: 'KV_STORE_BAD_OPTION', key }));
    expect(() => compileStoreMasterOptions(options)).toThrow(StoreOptionsError);
  });
});
