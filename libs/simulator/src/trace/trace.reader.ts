import { ok, type Result } from '@tsukimi/result';
import { type TraceLineError } from './trace-line.error';
import { parseTraceLine } from './trace-line.parser';
import { type TraceRequest } from './trace-request.model';
import { textLines } from './text.lines';

/** A request as read, with the line it came from (for progress and for errors further on). */
export interface TraceEntry {
  readonly lineNumber: number;
  readonly request: TraceRequest;
}

/**
 * Reads a Mooncake-format trace one line at a time: a request is yielded as soon as its line has
 * arrived, so memory stays flat however long the trace is. Blank lines are skipped. A bad line is
 * yielded as an error naming its line and field; the reader stops after it.
 */
export async function* readTrace(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<Result<TraceEntry, TraceLineError>> {
  for await (const line of textLines(chunks)) {
    if (line.text.trim() === '') continue;
    const parsed = parseTraceLine(line.text, line.lineNumber);
    if (!parsed.ok) {
      yield parsed;
      return;
    }
    yield ok({ lineNumber: line.lineNumber, request: parsed.value });
  }
}
