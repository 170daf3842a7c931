import { type Address, type ConfigOf } from './field.model';
import { loadConfig } from './config.loader';
import { field } from './fields';
import { defineSchema } from './schema.model';

/** True only when A and B are the same type, not merely assignable. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

const everyKind = defineSchema({
  port: field.int({ min: 1, max: 65535, default: 8080, description: 'port' }),
  ratio: field.number({ default: 0.5, description: 'ratio' }),
  verbose: field.boolean({ default: false, description: 'verbose' }),
  modelPath: field.string({ nonEmpty: true, description: 'model' }),
  tenant: field.string({ optional: true, description: 'tenant' }),
  backend: field.enum({ values: ['memory', 'redis'], default: 'memory', description: 'backend' }),
  policy: field.enum({ values: ['round-robin', 'kvcache-centric'], optional: true, description: 'policy' }),
  requestTimeoutMs: field.duration({ default: 10_000, description: 'timeout' }),
  arenaBytes: field.byteSize({ default: 1024, description: 'arena' }),
  kvpoolAddress: field.address({ description: 'kvpool' }),
  roles: field.list({ default: ['node'], description: 'roles' }),
});

describe('type inference', () => {
  it('infers the configuration type from the schema', () => {
    assertType<
      Equal<
        ConfigOf<typeof everyKind>,
        {
          readonly port: number;
          readonly ratio: number;
          readonly verbose: boolean;
          readonly modelPath: string;
          readonly tenant: string | undefined;
          readonly backend: 'memory' | 'redis';
          readonly policy: 'round-robin' | 'kvcache-centric' | undefined;
          readonly requestTimeoutMs: number;
          readonly arenaBytes: number;
          readonly kvpoolAddress: Address;
          readonly roles: readonly string[];
        }
      >
    >();
    const loaded = loadConfig(everyKind, { argv: ['--model-path=m', '--kvpool-address=h:1'], env: {}, prefix: 'T' });
    if (!loaded.ok) throw new Error('expected a configuration');
    const backend: 'memory' | 'redis' = loaded.value.backend;
    const port: number = loaded.value.kvpoolAddress.port;
    // @ts-expect-error an optional value may be undefined
    const tenant: string = loaded.value.tenant;
    expect([backend, port, tenant]).toEqual(['memory', 1, undefined]);
  });

  it('rejects ill-typed schemas at compile time', () => {
    const illTyped = [
      // @ts-expect-error a default outside the enum's values
      () => field.enum({ values: ['memory', 'redis'], default: 'etcd', description: 'backend' }),
      // @ts-expect-error a default of the wrong type
      () => field.int({ default: '8080', description: 'port' }),
      // @ts-expect-error a field without a description
      () => field.duration({ default: 1 }),
      // @ts-expect-error a schema entry that is not a field
      () => defineSchema({ port: 8080 }),
    ];
    expect(illTyped).toHaveLength(4);
  });
});
