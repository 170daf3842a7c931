import { ProgressBar } from './progress.bar';

function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, isTTY, columns: 80, write: (text: string) => writes.push(text) };
}

describe('ProgressBar', () => {
  it('on a terminal: one bar redrawn in place at most every 100 ms, then ended on its own line', () => {
    let nowMs = 0;
    const out = sink(true);
    const bar = new ProgressBar(out, 'replay', () => nowMs);
    bar.update(0.5, '10 requests');
    nowMs = 50;
    bar.update(0.6, '12 requests');
    nowMs = 150;
    bar.update(0.75, '15 requests');
    bar.done();
    expect(out.writes).toEqual([
      `\r[${'#'.repeat(15)}${'-'.repeat(15)}]  50% replay: 10 requests\x1b[K`,
      `\r[${'#'.repeat(23)}${'-'.repeat(7)}]  75% replay: 15 requests\x1b[K`,
      `\r[${'#'.repeat(30)}] 100% replay\x1b[K\n`,
    ]);
  });

  it('off a terminal: a plain line every 2 s and nothing to end, so a short run prints nothing', () => {
    let nowMs = 0;
    const out = sink(false);
    const bar = new ProgressBar(out, 'replay', () => nowMs);
    bar.update(0.1, 'a');
    nowMs = 2000;
    bar.update(0.4, 'b');
    nowMs = 3000;
    bar.update(0.5, 'c');
    bar.done();
    expect(out.writes).toEqual(['replay: 40%, b\n']);
  });
});
