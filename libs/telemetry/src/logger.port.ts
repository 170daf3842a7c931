import { type LogLevel } from './log-level';

/** Structured context of one record. Values that are `Error`s are serialised with their cause chain. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * The logging port for domain code and services. Messages are constant text (`'block evicted'`,
 * never `` `evicted ${key}` ``) and everything variable goes in `fields`, so that logs can be
 * grouped and searched by message. Never put prompts, completions or token ids in either.
 */
export interface Logger {
  /** Diagnostic detail, off in production by default. */
  debug(message: string, fields?: LogFields): void;
  /** A normal event an operator may want to see: started, stopped, connected. */
  info(message: string, fields?: LogFields): void;
  /** Something went wrong and was handled: a retry, a fallback, a recompute. */
  warn(message: string, fields?: LogFields): void;
  /** Something failed that a person should look at. Pass the error as a field (`{ error }`). */
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every record; the child's own fields win over the parent's. */
  child(fields: LogFields): Logger;
  /** Whether a record at `level` would be written, to skip building costly fields. */
  isLevelEnabled(level: LogLevel): boolean;
}
