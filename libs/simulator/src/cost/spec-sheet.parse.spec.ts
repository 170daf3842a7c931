import { modelSheet, nodeSheet } from './spec-sheet.parse';
import { MODEL_PRESETS } from './model.spec-sheet';
import { NODE_PRESETS } from './node.spec-sheet';

describe('model and node sheets', () => {
  it('finds the presets by name, in any case', () => {
    expect(modelSheet('LLaMA3-70B')).toEqual({ ok: true, value: MODEL_PRESETS['llama3-70b'] });
    expect(nodeSheet('8xh800')).toEqual({ ok: true, value: NODE_PRESETS['8xh800'] });
  });

  it('takes a custom sheet with every key', () => {
    const custom = { ...MODEL_PRESETS['llama2-70b']!, name: 'mine', layers: 40 };
    expect(modelSheet(custom)).toEqual({ ok: true, value: custom });
  });

  it.each([
    { sheet: 'gpt-5', key: '$', problem: /expected one of llama2-70b, llama3-70b/ },
    { sheet: [1], key: '$', problem: /JSON object/ },
    { sheet: { ...MODEL_PRESETS['llama2-70b']!, name: '' }, key: 'name', problem: /non-empty/ },
    { sheet: { ...MODEL_PRESETS['llama2-70b']!, layers: 1.5 }, key: 'layers', problem: /positive integer, got 1.5/ },
    { sheet: { ...MODEL_PRESETS['llama2-70b']!, hidden: 3 }, key: 'hidden', problem: /unknown key/ },
    { sheet: { name: 'x' }, key: 'layers', problem: /got undefined/ },
  ])('names the key of a bad model sheet ($key)', ({ sheet, key, problem }) => {
    const parsed = modelSheet(sheet);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.key).toBe(key);
      expect(parsed.error.problem).toMatch(problem);
    }
  });

  it.each([
    { sheet: { ...NODE_PRESETS['8xa800']!, mfu: 1.5 }, key: 'mfu' },
    { sheet: { ...NODE_PRESETS['8xa800']!, hbmReserveRatio: 1 }, key: 'hbmReserveRatio' },
    { sheet: { ...NODE_PRESETS['8xa800']!, networkBytesPerS: -1 }, key: 'networkBytesPerS' },
  ])('names the key of a bad node sheet ($key)', ({ sheet, key }) => {
    expect(nodeSheet(sheet)).toMatchObject({ ok: false, error: { key } });
  });
});
