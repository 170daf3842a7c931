import { LongestGapWatch } from './longest-gap.watch';

describe('LongestGapWatch', () => {
  it.each([
    ['no token', [], undefined],
    ['two tokens: the only gap is the handoff', [0, 500], undefined],
    ['the handoff left out, the longest of the rest kept', [0, 500, 510, 540, 545], 30],
    ['even gaps', [0, 5, 10, 15], 5],
    ['run whole on its decode instance: no handoff, the first gap counts', [0, 500, 510], 500, false],
    ['run whole, two tokens: the one gap is a step\'s', [0, 40], 40, false],
  ])('%s', (_name, arrivalsMs, longestMs, firstGapIsHandoff = true) => {
    let now = 0;
    const watch = new LongestGapWatch(() => now, firstGapIsHandoff);
    const seen: number[] = [];
    const sink = watch.watching({ token: (token) => seen.push(token.token) });
    for (const at of arrivalsMs) {
      now = at;
      sink.token({ token: at, text: '' });
    }
    expect(watch.longestMs).toBe(longestMs);
    expect(seen).toEqual(arrivalsMs);
  });
});
