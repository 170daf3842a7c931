import OpenAI from 'openai';
import { ClusterUnderTest, type ClusterUnderTestOptions } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';

/** What a suite's tests run against: its cluster, a client of its conductor, and the model run alone. */
export interface SuiteCluster {
  readonly cluster: ClusterUnderTest;
  readonly client: OpenAI;
  readonly alone: GenerationAlone;
}

/**
 * A cluster started before the calling describe block's tests and stopped after them. The fields
 * are there once `beforeAll` has run: read them inside tests, not at definition time.
 */
export function suiteCluster(options: ClusterUnderTestOptions): SuiteCluster {
  const suite = {} as { cluster: ClusterUnderTest; client: OpenAI; alone: GenerationAlone };
  beforeAll(async () => {
    suite.cluster = await ClusterUnderTest.start(options);
    suite.client = new OpenAI({ baseURL: suite.cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    suite.alone = GenerationAlone.load(suite.cluster.modelPath);
  }, 90_000);
  afterAll(async () => {
    await suite.cluster?.stop();
  }, 60_000);
  return suite;
}
