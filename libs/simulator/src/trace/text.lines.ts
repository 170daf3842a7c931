import { StringDecoder } from 'node:string_decoder';

/** One line of text without its terminator (`\n` or `\r\n`), numbered from 1. */
export interface NumberedLine {
  readonly lineNumber: number;
  readonly text: string;
}

/**
 * Splits a stream of chunks into lines as they arrive, holding at most one partial line, so a
 * file of any length is read in constant memory. UTF-8 sequences split across chunks are
 * reassembled; a last line without a terminator still counts.
 */
export async function* textLines(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<NumberedLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lineNumber = 0;
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      const text = pending.slice(start, end > start && pending.charCodeAt(end - 1) === 13 ? end - 1 : end);
      start = end + 1;
      yield { lineNumber: ++lineNumber, text };
    }
    pending = pending.slice(start);
  }
  pending += decoder.end();
  if (pending.length > 0) yield { lineNumber: ++lineNumber, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
}
