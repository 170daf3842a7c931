import { serializeError } from './error.serializer';
import { type LogLevel } from './log-level';
import { type LogFields } from './logger.port';

/** One record before it is written; `fields` are spread beside the fixed keys. */
export interface LogRecord {
  readonly time: Date;
  readonly level: LogLevel;
  readonly service: string;
  readonly msg: string;
  readonly fields: LogFields;
}

const FIXED_KEYS = new Set(['time', 'level', 'service', 'msg']);
/** Byte payloads (KV blocks, tensors) are summarised: a log line must stay small and hold no data. */
const BINARY_SUMMARY = (value: ArrayBufferView | ArrayBuffer) => ({
  type: value.constructor.name,
  byteLength: value.byteLength,
});

/**
 * One JSON object on one line: `time` (ISO 8601), `level`, `service`, `msg`, then the fields.
 * A field named like a fixed key is written with a trailing `_` rather than dropped. Never
 * throws: a value that cannot be serialised yields a line that says so.
 */
export function formatLogLine(record: LogRecord): string {
  const head = { time: record.time.toISOString(), level: record.level, service: record.service, msg: record.msg };
  const line: Record<string, unknown> = { ...head };
  for (const [key, value] of Object.entries(record.fields)) {
    line[FIXED_KEYS.has(key) ? `${key}_` : key] = value;
  }
  try {
    return JSON.stringify(line, safeReplacer());
  } catch (error) {
    return JSON.stringify({ ...head, logError: 'fields could not be serialised', reason: String(error) });
  }
}

/** Errors, bigints, maps, sets and binary data made printable; repeated objects cut as `[Circular]`. */
function safeReplacer(): (this: unknown, key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return function replace(this: unknown, key: string, value: unknown): unknown {
    // `value` has already been through `toJSON` (a Buffer arrives as {type, data}); look at the original.
    const original: unknown = key === '' ? value : (this as Record<string, unknown>)[key];
    if (typeof original === 'bigint') return original.toString();
    if (typeof original !== 'object' || original === null) return value;
    if (ArrayBuffer.isView(original) || original instanceof ArrayBuffer) return BINARY_SUMMARY(original);
    if (seen.has(original)) return '[Circular]';
    seen.add(original);
    if (original instanceof Error) return serializeError(original);
    if (original instanceof Map) return Object.fromEntries(original);
    if (original instanceof Set) return [...original];
    return value;
  };
}
