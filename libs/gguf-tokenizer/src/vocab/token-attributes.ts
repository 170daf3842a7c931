/** llama.cpp's token attributes (bit flags); a token's GGUF `token_type` sets the first. */
export const TokenAttr = {
  undefined: 0,
  unknown: 1 << 0,
  unused: 1 << 1,
  normal: 1 << 2,
  control: 1 << 3,
  userDefined: 1 << 4,
  byte: 1 << 5,
  lstrip: 1 << 7,
  rstrip: 1 << 8,
} as const;

/** GGUF `tokenizer.ggml.token_type` values, in file-format numbering. */
const FROM_TOKEN_TYPE: Readonly<Record<number, number>> = {
  1: TokenAttr.normal,
  2: TokenAttr.unknown,
  3: TokenAttr.control,
  4: TokenAttr.userDefined,
  5: TokenAttr.unused,
  6: TokenAttr.byte,
};

export function attrFromTokenType(type: number | undefined): number {
  if (type === undefined) return TokenAttr.normal;
  return FROM_TOKEN_TYPE[type] ?? TokenAttr.undefined;
}

/** Tokens whose text marks the end of generation; llama.cpp also forces them to be control tokens. */
export const END_OF_GENERATION_TEXTS: ReadonlySet<string> = new Set([
  '<|eot_id|>', '<|im_end|>', '<|end|>', '<|return|>', '<|call|>', '<|flush|>', '<|calls|>', '<end_of_turn>', '<|endoftext|>',
  '</s>', '<|eom_id|>', '<EOT>', '_<EOT>', '[EOT]', '[EOS]', '<|end_of_text|>', '<end_of_utterance>', '<eos>', '<turn|>',
  '<|tool_response>', '<｜end▁of▁sentence｜>', '[e~[',
]);

/** Fill-in-the-middle markers llama.cpp recognises by text when their id key is absent; they become control tokens. */
export const FIM_TEXTS: Readonly<Record<'pre' | 'suf' | 'mid' | 'pad' | 'rep' | 'sep', readonly string[]>> = {
  pre: ['<|fim_prefix|>', '<fim-prefix>', '<fim_prefix>', '<｜fim▁begin｜>', '<PRE>', '▁<PRE>', '<|code_prefix|>', '<|prefix|>'],
  suf: ['<|fim_suffix|>', '<fim-suffix>', '<fim_suffix>', '<｜fim▁hole｜>', '<SUF>', '▁<SUF>', '<|code_suffix|>', '<|suffix|>'],
  mid: ['<|fim_middle|>', '<fim-middle>', '<fim_middle>', '<｜fim▁end｜>', '<MID>', '▁<MID>', '<|code_middle|>', '<|middle|>'],
  pad: ['<|fim_pad|>', '<fim-pad>', '<fim_pad>', '<PAD>', '[PAD]'],
  rep: ['<|fim_repo|>', '<|repo_name|>', '<fim-repo>', '<REPO>', '<reponame>'],
  sep: ['<|file_sep|>'],
};

/** gpt-oss's channel markers are always rendered as text. */
export const ALWAYS_RENDERED_TEXTS: readonly string[] = ['<|channel|>', '<|message|>', '<|start|>', '<|constrain|>'];

/** Tokens the partitioner matches as wholes: control and unknown ones only when asked, user-defined ones always. */
export function isSpecialCandidate(attr: number): boolean {
  return (attr & (TokenAttr.control | TokenAttr.userDefined | TokenAttr.unknown)) !== 0;
}

/** Control and unknown tokens produce no text when decoded. */
export function isSilent(attr: number): boolean {
  return (attr & (TokenAttr.control | TokenAttr.unknown)) !== 0;
}
