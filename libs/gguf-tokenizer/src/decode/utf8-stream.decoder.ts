import { type TokenStreamDecoder } from '@tsukimi/engine';

/** Streams token bytes out as text, holding back an unfinished UTF-8 character until it completes. */
export function utf8StreamDecoder(bytesOf: (token: number) => Uint8Array): TokenStreamDecoder {
  const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  return {
    push(token: number): string {
      const bytes = bytesOf(token);
      return bytes.length === 0 ? '' : utf8.decode(bytes, { stream: true });
    },
    flush(): string {
      return utf8.decode();
    },
  };
}
