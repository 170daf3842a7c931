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
  ])('fails at boot on %j, naming %s', (options, key) => {
    expect(() => compileStoreMasterOptions(options)).toThrow(expect.objectContaining({ name: 'StoreOptionsError', code: 'KV_STORE_BAD_OPTION', key }));
    expect(() => compileStoreMasterOptions(options)).toThrow(StoreOptionsError);
  });
});
