import { expectOk } from '@tsukimi/result';
import { chunked, generateTrace, traceText } from '../testing/generated.trace';
import { readTrace } from './trace.reader';

const lineOf = (id: number) => `{"timestamp":${id},"input_length":600,"output_length":1,"hash_ids":[${id},${id + 1}]}\n`;

describe('readTrace', () => {
  it('reads every request of a generated trace, whatever the chunking', async () => {
    const requests = generateTrace({ seed: 9, requests: 120, maxBlocks: 20, reuse: 0.6 });
    const read = [];
    for await (const entry of readTrace(chunked(traceText(requests), 9, 300))) read.push(expectOk(entry, 'entry').request);
    expect(read).toEqual(requests);
  });

  it('yields each request as soon as its line has arrived, pulling no further', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<string> {
      for (let id = 0; ; id++) {
        pulled += 1;
        yield lineOf(id);
      }
    }
    const seen: number[] = [];
    for await (const entry of readTrace(endless())) {
      const { lineNumber, request } = expectOk(entry, 'entry');
      expect(pulled).toBe(lineNumber);
      seen.push(request.timestampMs);
      if (seen.length === 1000) break;
    }
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('skips blank lines but counts them in line numbers, and stops at the first bad line', async () => {
    async function* source(): AsyncGenerator<string> {
      yield lineOf(1) + '\n  \n' + lineOf(2);
      yield '{"timestamp":3,"input_length":600,"output_length":1,"hash_ids":[3]}\n';
      yield lineOf(4);
    }
    const outcomes = [];
    for await (const entry of readTrace(source())) outcomes.push(entry.ok ? entry.value.lineNumber : entry.error);
    expect(outcomes).toEqual([1, 4, { kind: 'invalid-trace-line', lineNumber: 5, field: 'hash_ids', problem: 'expected 2 ids (ceil(input_length / 512)), got 1' }]);
  });
});
