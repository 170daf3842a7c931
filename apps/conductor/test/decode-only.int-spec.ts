import { type GenerationParams } from '@tsukimi/engine';
import { httpGet, type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { promptText as text } from './prompt-text';
import { completionWithTokens } from './provenance.client';


const MAX_TOKENS = 12;
const greedy: GenerationParams = { maxTokens: MAX_TOKENS, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: false };
/** Past --max-local-prefill-tokens (256): under auto, with a prefill instance up, it would be disaggregated. */
const LONG = text(600, 21);

describe('a cluster of decode instances alone', () => {
  let cluster: ClusterUnderTest;
  let auto: ServiceProcess;
  let alone: GenerationAlone;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 0, decode: 1, disaggregation: 'never' });
    auto = await cluster.conductorBeside('auto');
    alone = GenerationAlone.load(cluster.modelPath);
  }, 120_000);

  afterAll(async () => {
    auto?.signal('SIGTERM');
    await Promise.all([auto?.waitForExit(20_000).catch(() => undefined), cluster?.stop()]);
  }, 60_000);

  const expected = async (prompt: string) => (await alone.run([...Buffer.from(prompt)], greedy)).map((t) => t.token);

  it.each<['never' | 'auto', string]>([
    ['never', 'never'],
    ['auto', 'no-prefill'],
  ])('--disaggregation %s: the conductor is ready, lists the model and answers with the tokens of the model run alone', async (mode, reason) => {
    const conductor = mode === 'never' ? cluster.conductor : auto;
    const ready = await httpGet(conductor.httpPort, '/readyz');
    expect(ready.status).toBe(200);
    const models = (JSON.parse((await httpGet(conductor.httpPort, '/v1/models')).body) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(models).toEqual([cluster.modelId]);
    const localBefore = await cluster.metric(cluster.decode[0]!, 'tsukimi_instance_local_prefills_total');

    const { tokens, provenance } = await completionWithTokens(conductor, cluster.modelId, LONG, MAX_TOKENS);

    expect(tokens).toEqual(await expected(LONG));
    expect(provenance).toMatchObject({ prefill_instance: 'decode-0', decode_instance: 'decode-0', disaggregation: { run: 'local', reason } });
    expect(await cluster.metric(cluster.decode[0]!, 'tsukimi_instance_local_prefills_total')).toBe(localBefore + 1);
    expect(await cluster.metric(conductor, `tsukimi_scheduler_disaggregation_total{branch="local",reason="${reason}"}`)).toBe(1);
    expect(await cluster.metric(conductor, 'tsukimi_scheduler_decisions_total{branch="local"}')).toBe(1);
  }, 60_000);
});
