export { type KvPoolClient, type FetchedBlock, type PoolTier, type PoolFailure, type StoreReport } from './pool/kv-pool-client.port';
export { type ImportReport, importLeadingBlocks } from './pool/block-import';
export { type PrefillJob, type PrefillDone, type PrefillHandoff, type TokenReuse } from './prefill/prefill.job';
export { PrefillWorker, type PrefillLoad } from './prefill/prefill.worker';
export { type DecodeJob, type DecodeStarted, type DecodeFailure, type DecodeSink, type DecodeHandle } from './decode/decode.job';
export { DecodeBatcher, type DecodeBatcherOptions } from './decode/decode.batcher';
export { MemoryKvPool } from './pool/memory.kv-pool';
export { runKvPoolClientContract } from './pool/kv-pool-client.contract';
export { DeviceTierLog, type DeviceTierChanges } from './device/device-tier.log';
