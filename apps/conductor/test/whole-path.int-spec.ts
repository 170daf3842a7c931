import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import OpenAI, { APIError } from 'openai';
import { ByteTokenizer, renderChatPrompt } from '@tsukimi/engine';
import { httpGet } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

const TSUKIMI = path.resolve(__dirname, '..', '..', 'cli', 'bin', 'tsukimi.js');
const run = promisify(execFile);

/** `tsukimi generate` in one process: the tokens the cluster must reproduce. */
async function generateAlone(modelPath: string, args: string[]): Promise<{ tokens: number[]; text: string }> {
  const { stdout } = await run(process.execPath, [TSUKIMI, 'generate', '--model', modelPath, '--json', ...args]);
  return JSON.parse(stdout) as { tokens: number[]; text: string };
}

type WithTokenIds<T> = T & { token_ids?: number[] };

describe('four services serve OpenAI requests end to end', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 2 });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('lists the model the instances serve', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual([cluster.modelId]);
    expect(cluster.modelId).toMatch(/^tsukimi-tiny-/);
  });

  it('a completion at temperature 0 equals tsukimi generate in one process, streamed or not', async () => {
    const prompt = text(300, 1);
    const alone = await generateAlone(cluster.modelPath, ['--prompt', prompt, '--max-tokens', '24']);
    const body = { model: cluster.modelId, prompt, max_tokens: 24, temperature: 0, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming;
    const completion = await client.completions.create(body);
    const choice = completion.choices[0] as WithTokenIds<OpenAI.CompletionChoice>;
    expect(choice.token_ids).toEqual(alone.tokens.slice(0, choice.token_ids!.length));
    expect(choice.text).toBe(alone.text.slice(0, choice.text.length));
    expect(completion.usage?.prompt_tokens).toBe(300);

    const stream = await client.completions.create({ ...body, stream: true, stream_options: { include_usage: true } });
    const streamed: number[] = [];
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      streamed.push(...((chunk.choices[0] as WithTokenIds<OpenAI.CompletionChoice> | undefined)?.token_ids ?? []));
      usage = chunk.usage ?? usage;
    }
    expect(streamed).toEqual(choice.token_ids);
    expect(usage?.completion_tokens).toBe(streamed.length);
  });

  it('a chat completion equals the same model run alone on the rendered template, streamed or not', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: text(120, 2) },
    ];
    const prompt = renderChatPrompt(
      messages.map((m) => ({ role: m.role as 'system' | 'user', content: m.content as string })),
      new ByteTokenizer(),
    );
    const chat = await client.chat.completions.create({ model: cluster.modelId, messages, max_tokens: 16, temperature: 0, return_token_ids: true } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const ids = (chat.choices[0] as WithTokenIds<OpenAI.ChatCompletion.Choice>).token_ids!;
    expect(chat.usage?.prompt_tokens).toBe(prompt.length);
    const alone = await generateAlone(cluster.modelPath, ['--prompt-tokens', prompt.join(','), '--max-tokens', '16']);
    expect(ids).toEqual(alone.tokens.slice(0, ids.length));

    const stream = await client.chat.completions.create({ model: cluster.modelId, messages, max_tokens: 16, temperature: 0, stream: true });
    let content = '';
    for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    expect(content).toBe(chat.choices[0]!.message.content);
  });

  it('the same 400-token prompt twice: the second reuses every full block and computes only the rest', async () => {
    const prompt = text(400, 3);
    const body = { model: cluster.modelId, prompt, max_tokens: 4, temperature: 0 };
    const first = await client.completions.create(body);
    expect(first.usage?.prompt_tokens_details?.cached_tokens ?? 0).toBe(0);
    const computedBefore = await cluster.metricSum(cluster.prefill, 'tsukimi_instance_computed_tokens_total{role="prefill"}');
    const second = await client.completions.create(body);
    const computedAfter = await cluster.metricSum(cluster.prefill, 'tsukimi_instance_computed_tokens_total{role="prefill"}');
    const cached = second.usage?.prompt_tokens_details?.cached_tokens;
    expect(cached).toBe(Math.floor(400 / 16) * 16);
    expect(computedAfter - computedBefore).toBe(400 - cached!);
    expect(second.choices[0]!.text).toBe(first.choices[0]!.text);
  });

  it('prefill and decode of a request run in different processes, the KV moving through the pool', async () => {
    const loadedByDecode = async () => {
      const tiers = await Promise.all(['device', 'dram', 'ssd'].map((tier) => cluster.metricSum(cluster.decode, `tsukimi_instance_reused_tokens_total{role="decode",tier="${tier}"}`)));
      return tiers.reduce((a, b) => a + b, 0);
    };
    const before = {
      prefill: await cluster.metricSum(cluster.prefill, 'tsukimi_instance_prefill_requests_total'),
      decodeInPrefill: await cluster.metricSum(cluster.prefill, 'tsukimi_instance_decode_requests_total'),
      decode: await cluster.metricSum(cluster.decode, 'tsukimi_instance_decode_requests_total'),
      prefillInDecode: await cluster.metricSum(cluster.decode, 'tsukimi_instance_prefill_requests_total'),
      loaded: await loadedByDecode(),
      poolHits: await cluster.metric(cluster.kvpool, 'tsukimi_kvpool_lookup_hits_total'),
    };
    const response = await client.completions.create({ model: cluster.modelId, prompt: text(200, 4), max_tokens: 8, temperature: 0 }).asResponse();
    expect(response.status).toBe(200);
    expect(await cluster.metricSum(cluster.prefill, 'tsukimi_instance_prefill_requests_total')).toBe(before.prefill + 1);
    expect(await cluster.metricSum(cluster.decode, 'tsukimi_instance_decode_requests_total')).toBe(before.decode + 1);
    expect(await cluster.metricSum(cluster.prefill, 'tsukimi_instance_decode_requests_total')).toBe(before.decodeInPrefill);
    expect(await cluster.metricSum(cluster.decode, 'tsukimi_instance_prefill_requests_total')).toBe(before.prefillInDecode);
    expect(await loadedByDecode()).toBe(before.loaded + 192);
    expect(await cluster.metric(cluster.kvpool, 'tsukimi_kvpool_lookup_hits_total')).toBeGreaterThanOrEqual(before.poolHits + 12);
    const prefillPid = response.headers.get('x-tsukimi-prefill-instance');
    const decodePid = response.headers.get('x-tsukimi-decode-instance');
    expect(prefillPid).toMatch(/^prefill-/);
    expect(decodePid).toMatch(/^decode-/);
  });

  describe('bad requests get OpenAI errors and the services keep serving', () => {
    const post = async (body: string) => {
      const response = await fetch(`${cluster.baseURL}/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: response.status, body: (await response.json()) as { error: { type: string; message: string; param: string | null } } };
    };

    it.each([
      ['malformed JSON', 400, '{"model": ', null],
      ['max_tokens: -1', 400, JSON.stringify({ prompt: 'hi', max_tokens: -1 }), 'max_tokens'],
      ['a wrongly typed temperature', 400, JSON.stringify({ prompt: 'hi', temperature: 'hot' }), 'temperature'],
      ['a prompt of the wrong type', 400, JSON.stringify({ prompt: 42 }), 'prompt'],
      ['a prompt longer than the context', 400, JSON.stringify({ prompt: text(2100, 5), max_tokens: 1 }), 'prompt'],
    ])('%s → %d', async (_name, status, raw, param) => {
      const withModel = raw.startsWith('{"model"') ? raw : raw.replace(/^\{/, `{"model":"${cluster.modelId}",`);
      const answer = await post(withModel);
      expect(answer.status).toBe(status);
      expect(answer.body.error.type).toBe('invalid_request_error');
      expect(answer.body.error.message.length).toBeGreaterThan(0);
      expect(answer.body.error.param).toBe(param);
    });

    it('an unknown model → 404 through the official client', async () => {
      const failure = await client.completions.create({ model: 'no-such-model', prompt: 'hi', max_tokens: 1 }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(APIError);
      expect((failure as APIError).status).toBe(404);
      expect((failure as APIError).code).toBe('model_not_found');
    });

    it('still serves after all of them', async () => {
      const ok = await client.completions.create({ model: cluster.modelId, prompt: 'still here', max_tokens: 2, temperature: 0 });
      expect(ok.choices[0]!.finish_reason).toBeDefined();
      expect((await httpGet(cluster.conductor.httpPort, '/readyz')).status).toBe(200);
    });
  });

  it('a decode process killed mid-stream: the stream goes on on the other decode instance, the killed one leaves the routing, new requests succeed', async () => {
    const stream = await client.completions.create({
      model: cluster.modelId,
      prompt: text(64, 6),
      max_tokens: 1900,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
      ignore_eos: true,
    } as OpenAI.CompletionCreateParamsStreaming);
    const iterator = stream[Symbol.asyncIterator]();
    // The first token comes from prefill; by the third the decode instance is generating.
    for (let i = 0; i < 3; i++) await iterator.next();
    const busy = await Promise.all(cluster.decode.map((d) => cluster.metric(d, 'tsukimi_instance_active_sequences{role="decode"}')));
    const victim = busy.findIndex((active) => active > 0);
    expect(busy.filter((active) => active > 0)).toHaveLength(1);
    cluster.decode[victim]!.kill();

    // Decode migration (on by default): every token asked for still arrives, the last with its finish reason.
    let finishReason: string | null | undefined;
    let completionTokens: number | undefined;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      finishReason = next.value.choices[0]?.finish_reason ?? finishReason;
      completionTokens = next.value.usage?.completion_tokens ?? completionTokens;
    }
    expect([completionTokens, finishReason]).toEqual([1900, 'length']);

    await cluster.waitForRoutable({ prefill: 2, decode: 1 }, 5_000);
    for (let i = 0; i < 3; i++) {
      const ok = await client.completions.create({ model: cluster.modelId, prompt: text(50, 10 + i), max_tokens: 4, temperature: 0 });
      expect(ok.choices[0]!.text.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
