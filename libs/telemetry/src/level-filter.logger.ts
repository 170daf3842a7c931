import { isLevelEnabled, type LogLevel } from './log-level';
import { type LogFields, type Logger } from './logger.port';

/** Passes records at `minimum` and above to `inner`; children stay filtered. */
export class LevelFilterLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    private readonly minimum: LogLevel,
  ) {}

  debug(message: string, fields?: LogFields): void {
    if (this.isLevelEnabled('debug')) this.inner.debug(message, fields);
  }
  info(message: string, fields?: LogFields): void {
    if (this.isLevelEnabled('info')) this.inner.info(message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    if (this.isLevelEnabled('warn')) this.inner.warn(message, fields);
  }
  error(message: string, fields?: LogFields): void {
    if (this.isLevelEnabled('error')) this.inner.error(message, fields);
  }
  child(fields: LogFields): Logger {
    return new LevelFilterLogger(this.inner.child(fields), this.minimum);
  }
  isLevelEnabled(level: LogLevel): boolean {
    return isLevelEnabled(level, this.minimum) && this.inner.isLevelEnabled(level);
  }
}
