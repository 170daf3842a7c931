export { engineSchema } from './engine.config';
export { loadEngine, type EngineSettings } from './engine.loader';
export { resolveInstanceId } from './instance-id';
export { describeInstance, HASH_SCHEME, type InstanceLoadFacts } from './describe.mapper';
export { KvPoolGrpcClient, type KvPoolGrpcClientOptions } from './pool/kvpool-grpc.client';
