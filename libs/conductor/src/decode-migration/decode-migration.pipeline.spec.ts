import { type GenerationParams } from '@tsukimi/engine';
import { cluster, greedy, prompt } from '../testing/pipeline.cluster';

describe('RequestPipeline losing its decode instance mid-stream', () => {
  it('ends with decode-failed when the decode instance dies mid-stream and migration is off', async () => {
    const outcomes: string[] = [];
    const { run, gateways, registry } = cluster({ onDecodeMigration: (outcome) => outcomes.push(outcome) });
    gateways.dieAfterTokens.set('d1', 5);
    const { result, tokens } = await run(prompt);
    expect(result).toMatchObject({ ok: false, error: { kind: 'decode-failed', tokensSent: 5 } });
    expect(tokens).toHaveLength(6);
    expect(outcomes).toEqual(['disabled']);
    expect(registry.states().find((s) => s.id === 'd1')?.health).toBe('down');
  });

  describe('with decode migration', () => {
    const seeded: GenerationParams = { ...greedy, maxTokens: 30, sampling: { temperature: 0.9, topP: 0.95, topK: 0, seed: 11 }, frequencyPenalty: 0.4, logprobs: 1 };

    it.each([
      ['greedy', greedy, 1],
      ['greedy', greedy, 5],
      ['seeded, with a penalty and logprobs', seeded, 7],
      ['seeded, with a penalty and logprobs', seeded, 18],
    ] as const)('%s: a decode instance lost after %i tokens hands the request to another, which streams on with the uninterrupted run\'s tokens', async (_name, params, after) => {
      const outcomes: string[] = [];
      const whole = await cluster().run(prompt, params);
      const { run, gateways, registry } = cluster({ decodeMigration: true, onDecodeMigration: (outcome) => outcomes.push(outcome) });
      gateways.dieAfterTokens.set('d1', after);
      const { result, tokens } = await run(prompt, params);
      expect(tokens).toEqual(whole.tokens);
      expect(result).toMatchObject({
        ok: true,
        value: { completionTokens: params.maxTokens, finishReason: 'length', provenance: { decodeInstance: 'd2', decodeMigrations: [{ fromInstance: 'd1', afterTokens: 1 + after }] } },
      });
      expect(gateways.calls).toEqual(['prefill:p1', 'decode:d1', 'decode:d2']);
      expect(outcomes).toEqual(['migrated']);
      expect(registry.states().find((s) => s.id === 'd1')?.health).toBe('down');
      expect(registry.states().find((s) => s.id === 'd2')?.health).not.toBe('down');
    });

    it('moves again when the second instance is lost too, and ends with an error once no instance is left', async () => {
      const outcomes: string[] = [];
      const { run, gateways } = cluster({ decodeMigration: true, onDecodeMigration: (outcome) => outcomes.push(outcome) }, { prefill: ['p1'], decode: ['d1', 'd2', 'd3'] });
      const whole = await cluster().run(prompt);
      gateways.dieAfterTokens.set('d1', 3);
      gateways.dieAfterTokens.set('d2', 4);
      const moved = await run(prompt, greedy, 'moved');
      expect(moved.tokens).toEqual(whole.tokens);
      expect(moved.result).toMatchObject({ ok: true, value: { provenance: { decodeMigrations: [{ fromInstance: 'd1', afterTokens: 4 }, { fromInstance: 'd2', afterTokens: 8 }] } } });
      gateways.dieAfterTokens.set('d3', 2);
      const lost = await run(prompt, greedy, 'lost');
      expect(lost.result).toMatchObject({ ok: false, error: { kind: 'decode-failed', tokensSent: 2 } });
      expect(outcomes).toEqual(['migrated', 'migrated', 'no-instance']);
    });

    it.each([
      ['on: it is marked down and the request starts afresh on another', true, ['prefill:p1', 'decode:d1', 'decode:d2']],
      ['off: the request ends there, as before', false, ['prefill:p1', 'decode:d1']],
    ] as const)('a decode instance silent before its first decode token, migration %s', async (_what, decodeMigration, calls) => {
      const { run, gateways, registry } = cluster({ decodeMigration });
      gateways.silent.add('d1');
      const { result, tokens } = await run(prompt);
      expect(result.ok).toBe(decodeMigration);
      expect(tokens).toHaveLength(decodeMigration ? 20 : 1);
      expect(gateways.calls).toEqual(calls);
      expect(registry.states().find((s) => s.id === 'd1')?.health).toBe(decodeMigration ? 'down' : 'up');
    });

    it('a caller gone mid-stream is not moved, nor counted, and leaves the instance up', async () => {
      const outcomes: string[] = [];
      const { run, gateways, registry } = cluster({ decodeMigration: true, onDecodeMigration: (outcome) => outcomes.push(outcome) });
      const { result } = await run(prompt, greedy, 'gone', 4);
      expect(result).toMatchObject({ ok: false, error: { kind: 'decode-failed' } });
      expect(gateways.calls).toEqual(['prefill:p1', 'decode:d1']);
      expect(outcomes).toEqual([]);
      expect(registry.states().find((s) => s.id === 'd1')?.health).not.toBe('down');
    });

    it('a request run whole on its decode instance resumes on another after the tokens it streamed, the first included', async () => {
      const rule = { mode: 'never' as const, maxLocalPrefillTokens: 32, tbtSloMs: 1000 };
      const whole = await cluster({ disaggregation: rule }).run(prompt);
      const { run, gateways } = cluster({ disaggregation: rule, decodeMigration: true });
      gateways.dieAfterTokens.set('d1', 4);
      const { result, tokens } = await run(prompt);
      expect(tokens).toEqual(whole.tokens);
      expect(result).toMatchObject({
        ok: true,
        value: { completionTokens: 20, provenance: { prefillInstance: 'd1', decodeInstance: 'd2', computedTokens: prompt.length, decodeMigrations: [{ fromInstance: 'd1', afterTokens: 4 }] } },
      });
    });
  });
});
