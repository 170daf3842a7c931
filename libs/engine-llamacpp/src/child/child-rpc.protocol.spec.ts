import { jsonLine } from './child-rpc.protocol';

/** Every character some readline ends a line at: Node 20's set and the separators Node 22 added. */
const LINE_BREAKS = /[\n\r\u2028\u2029]/;

describe('jsonLine', () => {
  it.each([
    ['a plain call', { id: 1, request: { op: 'echo', value: 'héllo' } }],
    ['newlines and carriage returns', { id: 2, result: 'a\nb\r\nc\r' }],
    ['line and paragraph separators', { id: 3, result: 'a\u2028b\u2029c\u2028\u2028' }],
    ['separators in keys and nested values', { id: 4, result: { 'k\u2029': ['\u2028'] } }],
  ])('writes %s as exactly one line that parses back to the same value', (_, value) => {
    const line = jsonLine(value);
    expect(line.endsWith('\n')).toBe(true);
    expect(LINE_BREAKS.test(line.slice(0, -1))).toBe(false);
    expect(JSON.parse(line)).toEqual(value);
  });
});
