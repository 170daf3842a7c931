import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashApiKey } from '@tsukimi/conductor';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';

/** One key of the conductor's keys file, given in the clear here and stored hashed. */
export interface SuiteKey {
  readonly key: string;
  readonly tenant: string;
  readonly seeRouting?: boolean;
}

/** What a suite's tests run against: its cluster and, beside the cluster's own, a conductor that needs API keys. */
export interface KeyedConductorSuite {
  readonly cluster: ClusterUnderTest;
  readonly conductor: ServiceProcess;
  /** `http://127.0.0.1:<port>` of the keyed conductor. */
  readonly origin: string;
}

/**
 * One prefill and one decode instance and a pool, with a conductor holding `keys`, started
 * before the calling describe block's tests and stopped after them. Read the fields inside tests.
 */
export function keyedConductorSuite(keys: readonly SuiteKey[]): KeyedConductorSuite {
  const suite = {} as { cluster: ClusterUnderTest; conductor: ServiceProcess; origin: string };
  beforeAll(async () => {
    suite.cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1 });
    const keysFile = path.join(suite.cluster.dir, 'keys.yaml');
    const entries = keys.map((k) => `  - {hash: ${hashApiKey(k.key)}, tenant: ${k.tenant}, seeRouting: ${k.seeRouting ?? false}}`);
    fs.writeFileSync(keysFile, ['keys:', ...entries].join('\n'));
    suite.conductor = await suite.cluster.conductorBeside('always', ['--api-keys-file', keysFile]);
    suite.origin = `http://127.0.0.1:${suite.conductor.httpPort}`;
  }, 120_000);
  afterAll(async () => {
    suite.conductor?.signal('SIGTERM');
    await suite.conductor?.waitForExit(20_000).catch(() => undefined);
    await suite.cluster?.stop();
  }, 60_000);
  return suite;
}
