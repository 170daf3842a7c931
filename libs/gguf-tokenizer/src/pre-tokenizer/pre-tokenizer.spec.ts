import { codePoints, fromCodePoints } from '../unicode/utf8';
import { collapsePattern } from './collapsed-regex.splitter';
import { codePointText } from './split-step';
import { preTokenizerNamed, supportedPreTokenizers } from './pre-tokenizer.registry';

function words(pre: string, text: string): string[] {
  const cps = codePoints(text);
  let pieces = [cps.length];
  const source = codePointText(cps);
  for (const step of preTokenizerNamed(pre)!.steps) pieces = step(source, pieces);
  let start = 0;
  return pieces.map((length) => fromCodePoints(cps, start, (start += length)));
}

describe('pre-tokenizers', () => {
  it.each([
    ['gpt-2', "Hello world's  test", ['Hello', ' world', "'s", ' ', ' test']],
    ['gpt-2', 'a  \n b', ['a', '  \n', ' b']],
    ['gpt-2', ' 12345!!', [' 12345', '!!']],
    ['gpt-2', "WE'LL", ['WE', "'", 'LL']],
    ['llama-bpe', "WE'LL", ['WE', "'LL"]],
    ['llama-bpe', '12345', ['123', '45']],
    ['llama-bpe', 'Hello\n\nworld', ['Hello', '\n\n', 'world']],
    ['llama-bpe', ' ...\n\nx', [' ...\n\n', 'x']],
    ['llama-bpe', '月見 🌕', ['月見', ' 🌕']],
    ['qwen2', '12345', ['1', '2', '3', '4', '5']],
    ['default', 'Hello, world!!! 1234567', ['Hello', ',', ' world', '!!!', ' ', '123', '456', '7']],
    ['starcoder', 'x 42', ['x', ' ', '4', '2']],
    ['falcon', 'a, 12345', ['a', ',', ' ', '123', '45']],
    ['gpt-2', 'a\u0085b', ['a', '\u0085', 'b']],
    ['gpt-2', '', []],
  ])('%s cuts %j into %j', (pre, text, expected) => {
    expect(words(pre, text)).toEqual(expected);
  });

  it('collapses \\p{X} classes into a stand-in character plus llama.cpp ASCII members', () => {
    expect(collapsePattern('\\p{N}+')).toBe('[\u00d10-9]+');
    expect(collapsePattern('[\\p{P}\\$]+')).toBe('[\u00d3!-#%-*,-/:-;?-@\\[-\\]_\\{\\}\\$]+');
    expect(collapsePattern('\\p{Han}+')).toBe('\\p{Han}+');
  });

  it('knows the pre-tokenizer names of Llama 3, Qwen 2, GPT-2 and Phi-2, and not DeepSeek Coder', () => {
    expect(supportedPreTokenizers()).toEqual(expect.arrayContaining(['default', 'gpt-2', 'llama-bpe', 'qwen2', 'phi-2', 'starcoder']));
    expect(preTokenizerNamed('deepseek-coder')).toBeUndefined();
    expect(preTokenizerNamed(undefined)?.family).toBe('default');
  });
});
