export { engineSchema } from './engine.config';
export { drainHandoverSchema, handOverOnDrain, twoPassHandover, type DrainHandoverParts } from './drain/drain-handover';
export { loadEngine, type EngineSettings } from './engine.loader';
export { parseLoraFlag, type LoraFlag } from './lora.config';
export { resolveInstanceId } from './instance-id';
export { describeInstance, HASH_SCHEME, type InstanceLoadFacts } from './describe.mapper';
export { DEFAULT_WATCH_INTERVAL_MS, loadWatchHandler, type Describe } from './load-watch.handler';
export { KvPoolGrpcClient, type KvPoolGrpcClientOptions } from './pool/kvpool-grpc.client';
export { PoolWriterClient, type PoolWriterClientOptions } from './pool/pool-writer.client';
export { GrpcMasterLink } from './pool/grpc-master.link';
export {
  tierBytesFromWire,
  tierBytesToWire,
  tierChangeFromWire,
  tierChangeToWire,
  commandFromWire,
  commandToWire,
  inventoryFromWire,
  inventoryToWire,
  nodeIdFromWire,
  allFromWire,
} from './pool/member.mapper';
export { FailoverChannel } from './pool/failover.channel';
export { buildModelCard, modelCardHandler, readModelMetadata } from './model-card';
export { startInstance, type InstanceParts, type InstanceStartSettings } from './instance.start';
export { hostedInstanceIds, hostInstances, hostInstancesOrExit, type HostSettings } from './instance.host';
export { exportInstanceLoad, type InstanceLoad } from './metrics/instance-load.metrics';
export { countPromptTokens, registerPromptTokens } from './metrics/prompt-tokens.metrics';
export { countPlanOutcome, registerPlanOutcomes } from './metrics/plan-outcome.metrics';
export { transferMetrics } from './metrics/transfer.metrics';
export { countBlockRejects, registerBlockRejects } from './metrics/block-rejects.metrics';
export { listenRelayOrExit, relaySchema, type InstanceRelay } from './relay/instance.relay';
