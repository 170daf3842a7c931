import { numberListField } from './number-list.field';

const buckets = numberListField({ positive: true, ascending: true, nonEmpty: true, default: [0.1, 1], description: 'buckets' });
const EXPECTED = 'expected a comma-separated list of one or more positive numbers in strictly ascending order';

describe('number-list field', () => {
  it.each<[string, string, readonly number[]]>([
    ['one item', '2', [2]],
    ['items with spaces and exponents', ' 0.005, 1e-2 ,.5,60', [0.005, 0.01, 0.5, 60]],
  ])('parses %s from text', (_, text, value) => {
    expect(buckets.fromText(text)).toEqual({ ok: true, value });
  });

  it.each<[string, string]>([
    ['an empty list', ''],
    ['a word', '0.1,fast'],
    ['an empty item', '0.1,,1'],
    ['zero', '0,1'],
    ['a negative number', '-1,1'],
    ['a repeated edge', '0.1,0.1'],
    ['a descending pair', '1,0.5'],
    ['infinity', '1,Infinity'],
  ])('rejects %s, saying what it expected', (_, text) => {
    expect(buckets.fromText(text)).toEqual({ ok: false, error: `${EXPECTED}, got ${JSON.stringify(text)}` });
  });

  it('takes a JSON array of numbers or the flag\'s text from a file', () => {
    expect(buckets.fromJson([0.25, 0.5])).toEqual({ ok: true, value: [0.25, 0.5] });
    expect(buckets.fromJson('0.25,0.5')).toEqual({ ok: true, value: [0.25, 0.5] });
    expect(buckets.fromJson(['0.25'])).toEqual({ ok: false, error: `${EXPECTED}, got ["0.25"]` });
  });

  it('formats a list as a flag takes it, and without constraints accepts any finite numbers', () => {
    expect(buckets.format([0.1, 2.5])).toBe('0.1,2.5');
    expect(numberListField({ description: 'offsets' }).fromText('3,-1,3')).toEqual({ ok: true, value: [3, -1, 3] });
  });
});
