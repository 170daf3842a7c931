import { describeTraceLineError } from './trace-line.error';
import { parseTraceLine } from './trace-line.parser';

const good = { timestamp: 27, input_length: 1030, output_length: 9, hash_ids: [4, 5, 6] };
const line = (overrides: Record<string, unknown>) => JSON.stringify({ ...good, ...overrides });

describe('parseTraceLine', () => {
  it('reads the four fields, ignoring any others', () => {
    expect(parseTraceLine(line({ session: 'x' }), 1)).toEqual({ ok: true, value: { timestampMs: 27, inputLengthTokens: 1030, outputLengthTokens: 9, hashIds: [4, 5, 6] } });
  });

  it.each([
    { input_length: 512, hash_ids: [1] },
    { input_length: 513, hash_ids: [1, 2] },
    { input_length: 0, hash_ids: [] },
    { timestamp: 12.5 },
  ])('accepts %j', (overrides) => {
    expect(parseTraceLine(line(overrides), 1).ok).toBe(true);
  });

  it.each([
    { text: 'not json', field: 'line', problem: /^not JSON/ },
    { text: '[1,2]', field: 'line', problem: /expected a JSON object/ },
    { text: 'null', field: 'line', problem: /expected a JSON object/ },
    { text: line({ timestamp: undefined }), field: 'timestamp', problem: /missing/ },
    { text: line({ timestamp: -1 }), field: 'timestamp', problem: /non-negative number, got -1/ },
    { text: line({ timestamp: '5' }), field: 'timestamp', problem: /got "5"/ },
    { text: line({ input_length: 10.5 }), field: 'input_length', problem: /non-negative integer, got 10.5/ },
    { text: line({ output_length: undefined }), field: 'output_length', problem: /missing/ },
    { text: line({ output_length: -2 }), field: 'output_length', problem: /got -2/ },
    { text: line({ hash_ids: '4,5,6' }), field: 'hash_ids', problem: /expected an array/ },
    { text: line({ hash_ids: [4, 5] }), field: 'hash_ids', problem: /expected 3 ids \(ceil\(input_length \/ 512\)\), got 2/ },
    { text: line({ hash_ids: [4, 5, 6, 7] }), field: 'hash_ids', problem: /expected 3 ids/ },
    { text: line({ hash_ids: [4, -5, 6] }), field: 'hash_ids', problem: /id 1: expected a non-negative integer, got -5/ },
    { text: line({ hash_ids: [4, 5, 'a'] }), field: 'hash_ids', problem: /id 2: .*got "a"/ },
  ])('rejects $text naming $field', ({ text, field, problem }) => {
    const parsed = parseTraceLine(text, 42);
    if (parsed.ok) throw new Error('accepted a bad line');
    expect(parsed.error).toMatchObject({ kind: 'invalid-trace-line', lineNumber: 42, field });
    expect(parsed.error.problem).toMatch(problem);
    expect(describeTraceLineError(parsed.error)).toMatch(new RegExp(`^line 42: ${field}: `));
  });
});
