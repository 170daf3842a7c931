import { type LogFields, type Logger } from './logger.port';

/** Discards every record: for tests and tools that must not write to stdout. */
export class SilentLogger implements Logger {
  debug(_message: string, _fields?: LogFields): void {}
  info(_message: string, _fields?: LogFields): void {}
  warn(_message: string, _fields?: LogFields): void {}
  error(_message: string, _fields?: LogFields): void {}
  child(_fields: LogFields): Logger {
    return this;
  }
  isLevelEnabled(): boolean {
    return false;
  }
}

export const silentLogger: Logger = new SilentLogger();
