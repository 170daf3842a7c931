import { type TokenStreamDecoder, type Tokenizer } from './tokenizer.port';

/** Token ids of the byte-level vocabulary: ids 0–255 are bytes, then three specials. */
export const BYTE_VOCAB = { bos: 256, eos: 257, pad: 258, size: 259 } as const;

/**
 * The tiny model's tokenizer: one token per UTF-8 byte. llama.cpp tokenizes the
 * same GGUF byte for byte, which lets tests compare the two engines token by token.
 */
export class ByteTokenizer implements Tokenizer {
  readonly id = 'tsukimi-bytes-v1';
  readonly vocabSize = BYTE_VOCAB.size;
  readonly bosToken = BYTE_VOCAB.bos;
  readonly eosToken = BYTE_VOCAB.eos;
  readonly padToken = BYTE_VOCAB.pad;

  encode(text: string): number[] {
    return Array.from(Buffer.from(text, 'utf8'));
  }

  decode(tokens: readonly number[]): string {
    return Buffer.from(tokens.filter(isByte)).toString('utf8');
  }

  tokenBytes(token: number): Uint8Array {
    return isByte(token) ? Uint8Array.of(token) : new Uint8Array(0);
  }

  streamDecoder(): TokenStreamDecoder {
    // ignoreBOM: a leading U+FEFF is text the model wrote, and decode() keeps it too.
    const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
    const one = new Uint8Array(1);
    return {
      push(token: number): string {
        if (!isByte(token)) return '';
        one[0] = token;
        return utf8.decode(one, { stream: true });
      },
      flush(): string {
        return utf8.decode();
      },
    };
  }
}

function isByte(token: number): boolean {
  return Number.isInteger(token) && token >= 0 && token < 256;
}
