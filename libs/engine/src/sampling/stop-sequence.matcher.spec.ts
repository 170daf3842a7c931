import { StopSequenceMatcher } from './stop-sequence.matcher';

function run(stops: string[], pieces: string[]): { text: string; stopped: boolean } {
  const matcher = new StopSequenceMatcher(stops);
  let text = '';
  for (const piece of pieces) {
    const m = matcher.push(piece);
    text += m.emit;
    if (m.stopped) return { text, stopped: true };
  }
  return { text: text + matcher.flush(), stopped: false };
}

describe('StopSequenceMatcher', () => {
  it.each([
    ['no stops', [], ['ab', 'c'], 'abc', false],
    ['stop inside one piece', ['\n\n'], ['ab\n\ncd'], 'ab', true],
    ['stop split across pieces', ['END'], ['xx', 'E', 'N', 'D', 'yy'], 'xx', true],
    ['partial stop released at the end', ['END'], ['xx', 'EN'], 'xxEN', false],
    ['partial that turns out not to stop', ['END'], ['E', 'N', 'x'], 'ENx', false],
    ['earliest of several stops', ['cd', 'b'], ['abcd'], 'a', true],
    ['empty stop strings are ignored', [''], ['abc'], 'abc', false],
  ])('%s', (_name, stops, pieces, text, stopped) => {
    expect(run(stops, pieces)).toEqual({ text, stopped });
  });

  it('holds back only what could start a stop sequence', () => {
    const matcher = new StopSequenceMatcher(['</s>']);
    expect(matcher.push('hello <')).toEqual({ emit: 'hello ', stopped: false });
    expect(matcher.push('b')).toEqual({ emit: '<b', stopped: false });
  });

  it.each<[string, string[], [string, boolean][], { emit: string; stopped: boolean }[]]>([
    ['a whole stop before the minimum is text', ['ab'], [['xab', false], ['c', true]], [{ emit: 'xab', stopped: false }, { emit: 'c', stopped: false }]],
    ['a stop completed after the minimum is found whole', ['ab'], [['xa', false], ['b', true]], [{ emit: 'x', stopped: false }, { emit: '', stopped: true }]],
  ])('while stops cannot end generation: %s', (_name, stops, pushes, expected) => {
    const matcher = new StopSequenceMatcher(stops);
    expect(pushes.map(([text, canStop]) => matcher.push(text, canStop))).toEqual(expected);
  });
});
