/** A trace line that is not a request in the Mooncake format. */
export interface TraceLineError {
  readonly kind: 'invalid-trace-line';
  /** 1-based, counting every line of the file, blank ones included. */
  readonly lineNumber: number;
  /** The offending field, or `line` when the line is not a JSON object. */
  readonly field: string;
  readonly problem: string;
}

/** `line 12: hash_ids: expected 3 ids (ceil(input_length / 512)), got 2` */
export function describeTraceLineError(error: TraceLineError): string {
  return `line ${error.lineNumber}: ${error.field}: ${error.problem}`;
}
