import { err, ok, type Result } from '@tsukimi/result';
import { type TraceLineError } from './trace-line.error';
import { TRACE_BLOCK_SIZE_TOKENS, type TraceRequest } from './trace-request.model';

type FieldCheck = Result<number, string>;

function shown(value: unknown): string {
  return value === undefined ? 'nothing (missing)' : JSON.stringify(value);
}

function nonNegativeNumber(value: unknown): FieldCheck {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? ok(value) : err(`expected a non-negative number, got ${shown(value)}`);
}

function nonNegativeInteger(value: unknown): FieldCheck {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? ok(value as number) : err(`expected a non-negative integer, got ${shown(value)}`);
}

function hashIdsProblem(value: unknown, inputLengthTokens: number): string | undefined {
  if (!Array.isArray(value)) return `expected an array of block ids, got ${shown(value)}`;
  const expected = Math.ceil(inputLengthTokens / TRACE_BLOCK_SIZE_TOKENS);
  if (value.length !== expected) return `expected ${expected} ids (ceil(input_length / ${TRACE_BLOCK_SIZE_TOKENS})), got ${value.length}`;
  const bad = value.findIndex((id) => !nonNegativeInteger(id).ok);
  return bad < 0 ? undefined : `id ${bad}: expected a non-negative integer, got ${JSON.stringify(value[bad])}`;
}

/** One line of a Mooncake-format trace; fields beyond the four it reads are ignored. */
export function parseTraceLine(text: string, lineNumber: number): Result<TraceRequest, TraceLineError> {
  const fail = (field: string, problem: string) => err<TraceLineError>({ kind: 'invalid-trace-line', lineNumber, field, problem });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail('line', `not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('line', 'expected a JSON object');
  const record = parsed as Record<string, unknown>;
  const timestamp = nonNegativeNumber(record['timestamp']);
  if (!timestamp.ok) return fail('timestamp', timestamp.error);
  const input = nonNegativeInteger(record['input_length']);
  if (!input.ok) return fail('input_length', input.error);
  const output = nonNegativeInteger(record['output_length']);
  if (!output.ok) return fail('output_length', output.error);
  const problem = hashIdsProblem(record['hash_ids'], input.value);
  if (problem !== undefined) return fail('hash_ids', problem);
  return ok({ timestampMs: timestamp.value, inputLengthTokens: input.value, outputLengthTokens: output.value, hashIds: record['hash_ids'] as number[] });
}
