import { isJsonObject } from './json-object';

describe('isJsonObject', () => {
  it.each([
    [{}, true],
    [{ a: 1 }, true],
    [Object.create(null), true],
    [null, false],
    [undefined, false],
    [[], false],
    [[{ a: 1 }], false],
    ['{}', false],
    [0, false],
    [true, false],
  ])('%p is an object: %p', (value, expected) => {
    expect(isJsonObject(value)).toBe(expected);
  });
});
