export { field } from './fields';
export { defineSchema, flagName, envName } from './schema.model';
export { loadConfig, type LoadConfigOptions } from './config.loader';
export { renderHelp, type HelpOptions } from './config.help';
export { loadConfigOrExit, decideBoot, wantsHelp, type BootOptions, type BootOutcome } from './config.edge';
export {
  formatConfigError,
  formatConfigErrors,
  describeSource,
  type ConfigError,
  type ConfigErrorCode,
  type ConfigSource,
} from './config-error';
export { type Environment } from './env.source';
export { type ReadTextFile } from './file.source';
export { parseDurationMs, formatDurationMs } from './duration.field';
export { parseByteSize, formatByteSize } from './byte-size.field';
export { parseAddress, formatAddress } from './address.field';
export { type Address, type ConfigOf, type Field, type FieldKind, type FieldOptions, type Presence, type Schema } from './field.model';
