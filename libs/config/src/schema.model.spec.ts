import { field } from './fields';
import { defineSchema, envName, flagName } from './schema.model';

describe('schema keys', () => {
  it.each([
    ['port', '--port', 'TSUKIMI_PREFILL_PORT'],
    ['grpcPort', '--grpc-port', 'TSUKIMI_PREFILL_GRPC_PORT'],
    ['blockSizeTokens', '--block-size-tokens', 'TSUKIMI_PREFILL_BLOCK_SIZE_TOKENS'],
    ['tier2Bytes', '--tier2-bytes', 'TSUKIMI_PREFILL_TIER2_BYTES'],
  ])('%s is %s and %s', (key, flag, variable) => {
    expect([flagName(key), envName('TSUKIMI_PREFILL', key)]).toEqual([flag, variable]);
  });

  it.each([
    ['maxTTFTMs', 'lowerCamelCase'],
    ['block_size', 'lowerCamelCase'],
    ['Port', 'lowerCamelCase'],
    ['config', 'reserved'],
    ['help', 'reserved'],
  ])('refuses the key %s, a bug in the schema', (key, message) => {
    expect(() => defineSchema({ [key]: field.int({ default: 1, description: 'x' }) })).toThrow(message);
  });
});
