export { RedisMetadataStore, DEFAULT_PREFIX, type RedisMetadataStoreOptions } from './redis-metadata.store';
export { RedisLeaseStore } from './redis-lease.store';
export { openRedisMetadataBackend, type RedisMetadataBackend, type RedisBackendError, type RedisUnreachable } from './redis-metadata.backend';
export {
  compileRedisMetadataOptions,
  type RedisMetadataOptions,
  type CompiledRedisMetadataOptions,
  type InvalidBackendOption,
} from './redis-metadata.options';
export { openMetadataBackend, type MetadataBackend, type MetadataBackendConfig, type MetadataBackendDeps } from './metadata.backend';
export { MetadataKeys } from './metadata.keys';
export { CorruptMetadataError } from './metadata.codec';
export { LuaScript } from './lua.script';
