import OpenAI from 'openai';
import { ChaosProxy, freeLoopbackPort } from '@tsukimi/transfer';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

const CONNECTION_LOST = 'tsukimi_kvpool_transfer_errors_total{reason="connection-lost"}';

describe('a data-plane link that resets block reads mid-transfer', () => {
  let cluster: ClusterUnderTest;
  let proxy: ChaosProxy;
  let client: OpenAI;

  beforeAll(async () => {
    // The pool's data plane listens on a free port of 127.0.0.1 and advertises the same port on 127.0.0.2,
    // where the proxy stands, so every instance's block bytes cross it.
    const dataPort = await freeLoopbackPort();
    cluster = await ClusterUnderTest.start({
      prefill: 1,
      decode: 1,
      kvpoolArgs: ['--dram-bytes', '64MiB', '--data-port', String(dataPort), '--advertise-host', '127.0.0.2'],
      engineArgs: ['--arena-blocks', '48'],
    });
    proxy = await ChaosProxy.start(dataPort, { kind: 'none' }, { host: '127.0.0.2', port: dataPort });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop();
  }, 60_000);

  it('is detected and counted by the reader, the request recomputes, and its tokens are unchanged', async () => {
    const body = { model: cluster.modelId, prompt: text(400, 31), max_tokens: 12, temperature: 0, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming;
    const first = await client.completions.create(body);
    const firstIds = (first.choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids;
    // Another prompt through engine arenas of 48 blocks pushes the first out: its blocks must now come from the pool.
    await client.completions.create({ model: cluster.modelId, prompt: text(700, 32), max_tokens: 2, temperature: 0 });

    proxy.setFault({ kind: 'reset', afterBytes: 4096 });
    const lostBefore = await cluster.metricSum([...cluster.prefill, ...cluster.decode], CONNECTION_LOST);
    const second = await client.completions.create(body);
    const secondIds = (second.choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids;
    expect(secondIds).toEqual(firstIds);
    expect(second.choices[0]?.text).toBe(first.choices[0]?.text);
    expect(proxy.faultedConnections).toBeGreaterThanOrEqual(1);
    expect((await cluster.metricSum([...cluster.prefill, ...cluster.decode], CONNECTION_LOST)) - lostBefore).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
