import { seededRandom } from '@tsukimi/kv-store';
import { chunked } from '../testing/generated.trace';
import { textLines } from './text.lines';

async function collect(chunks: AsyncIterable<Uint8Array | string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of textLines(chunks)) lines.push(`${line.lineNumber}:${line.text}`);
  return lines;
}

async function* of(...chunks: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* chunks;
}

describe('textLines', () => {
  it.each([
    { name: 'one chunk', chunks: ['a\nb\n'], lines: ['1:a', '2:b'] },
    { name: 'a last line without terminator', chunks: ['a\nb'], lines: ['1:a', '2:b'] },
    { name: 'CRLF terminators', chunks: ['a\r\nb\r\n', 'c\r'], lines: ['1:a', '2:b', '3:c'] },
    { name: 'a CRLF cut between chunks', chunks: ['a\r', '\nb'], lines: ['1:a', '2:b'] },
    { name: 'blank lines, numbered too', chunks: ['\n\na\n'], lines: ['1:', '2:', '3:a'] },
    { name: 'lines cut across chunks', chunks: ['ab', 'c\nd', 'e', '\n'], lines: ['1:abc', '2:de'] },
    { name: 'nothing', chunks: [], lines: [] },
  ])('splits $name', async ({ chunks, lines }) => {
    expect(await collect(of(...chunks))).toEqual(lines);
  });

  it('reassembles UTF-8 characters cut between byte chunks', async () => {
    const text = '{"note":"月見 🌕"}\nZürich\n';
    const bytes = Buffer.from(text, 'utf8');
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    for (const cut of cuts) {
      expect(await collect(of(bytes.subarray(0, cut), bytes.subarray(cut)))).toEqual(['1:{"note":"月見 🌕"}', '2:Zürich']);
    }
  });

  it('gives the same lines however the bytes are chunked', async () => {
    const random = seededRandom(5);
    const text = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(Math.floor(random.next() * 300))}`).join('\n');
    const expected = text.split('\n').map((line, i) => `${i + 1}:${line}`);
    for (const seed of [1, 2, 3]) expect(await collect(chunked(text, seed, 1 + seed * 40))).toEqual(expected);
  });
});
