import { allCommands, commandsByWord } from '.';

describe('commandsByWord', () => {
  it('files every command under the first word of its path, so the CLI finds it by that word alone', () => {
    for (const [word, commands] of Object.entries(commandsByWord)) {
      expect(commands().map((c) => [c.path[0], c.path.join(' ')])).toEqual(commands().map((c) => [word, c.path.join(' ')]));
    }
  });

  it('lists every command once', () => {
    const paths = allCommands().map((c) => c.path.join(' '));
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toEqual(expect.arrayContaining(['up', 'model tiny', 'model tiny-lora', 'generate', 'demo', 'replay', 'keys hash', 'keys new', 'drain', 'bench']));
  });
});
