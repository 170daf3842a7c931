import { encodedBlock, keyOf } from '../testing/block.fixture';
import { verifyEncodedBlock } from './block-verifier';
import { parseNodeId } from './node-id';
import { randomIndex, seededRandom } from './random';
import { SerialQueue } from './serial-queue';

describe('parseNodeId', () => {
  it.each([
    ['node-a', true],
    ['kvpool-0.kvpool:7000', true],
    ['', false],
    ['-leading', false],
    ['../etc', false],
    ['a b', false],
    ['x'.repeat(129), false],
  ])('%s → %s', (text, valid) => {
    expect(parseNodeId(text).ok).toBe(valid);
  });
});

describe('seededRandom', () => {
  it('repeats under a seed and stays in [0, 1)', () => {
    const draws = (seed: number) => Array.from({ length: 1000 }, ((random) => () => random.next())(seededRandom(seed)));
    expect(draws(9)).toEqual(draws(9));
    expect(draws(9)).not.toEqual(draws(10));
    expect(draws(9).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it.each([1, 2, 7])('draws indices below %i', (length) => {
    const random = seededRandom(3);
    for (let i = 0; i < 100; i += 1) expect(randomIndex(random, length)).toBeLessThan(length);
  });
});

describe('verifyEncodedBlock', () => {
  it.each([
    { name: 'a sound block', bytes: encodedBlock(keyOf(1)), key: keyOf(1), kind: undefined },
    { name: 'another key', bytes: encodedBlock(keyOf(2)), key: keyOf(1), kind: 'key-mismatch' },
    { name: 'a flipped payload byte', bytes: encodedBlock(keyOf(1)).map((b, i) => (i === 50 ? b ^ 4 : b)), key: keyOf(1), kind: 'checksum-mismatch' },
    { name: 'a short header', bytes: encodedBlock(keyOf(1)).subarray(0, 10), key: keyOf(1), kind: 'truncated' },
  ])('judges $name', ({ bytes, key, kind }) => {
    const verdict = verifyEncodedBlock(key, bytes);
    expect(verdict.ok ? undefined : verdict.error.kind).toBe(kind);
  });
});

describe('SerialQueue', () => {
  it('runs tasks one at a time in order, past a failing one', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, fail = false) => async () => {
      log.push(`start ${name}`);
      await Promise.resolve();
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(task('a')), queue.run(task('b', true)), queue.run(task('c'))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });
});
