import { type LogLevel } from './log-level';
import { type LogFields, type Logger } from './logger.port';

/** One record as a test sees it: fields merged from the logger's ancestors. */
export interface RecordedLog {
  readonly level: LogLevel;
  readonly message: string;
  readonly fields: LogFields;
}

/** Keeps records in memory so tests can assert on what was logged; children share `records`. */
export class RecordingLogger implements Logger {
  constructor(
    readonly records: RecordedLog[] = [],
    private readonly fields: LogFields = {},
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.record('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.record('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.record('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.record('error', message, fields);
  }
  child(fields: LogFields): Logger {
    return new RecordingLogger(this.records, { ...this.fields, ...fields });
  }
  isLevelEnabled(): boolean {
    return true;
  }

  /** The records with this message, in order. */
  withMessage(message: string): RecordedLog[] {
    return this.records.filter((record) => record.message === message);
  }

  private record(level: LogLevel, message: string, fields: LogFields | undefined): void {
    this.records.push({ level, message, fields: { ...this.fields, ...fields } });
  }
}
