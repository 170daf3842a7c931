import { type Clock } from './clock.port';
import { formatLogLine } from './log-line.format';
import { isLevelEnabled, type LogLevel } from './log-level';
import { type LogFields, type Logger } from './logger.port';
import { LevelFilterLogger } from './level-filter.logger';
import { systemClock } from './system.clock';

/** Where lines go: `process.stdout`, a file stream, or an array in a test. */
export interface LineSink {
  write(line: string): unknown;
}

export interface JsonLinesLoggerOptions {
  /** The `service` key of every line, e.g. `prefill`. */
  readonly service: string;
  readonly sink: LineSink;
  /** Records below this level are dropped; `debug` (everything) when absent. */
  readonly level?: LogLevel;
  /** Source of the `time` key; the system clock when absent. */
  readonly clock?: Clock;
  /** Fields on every record, e.g. `{ instance: 'prefill-0' }`. */
  readonly fields?: LogFields;
}

/** Writes every record as one JSON object on one line: the format log collectors ingest as is. */
export class JsonLinesLogger implements Logger {
  constructor(
    private readonly service: string,
    private readonly sink: LineSink,
    private readonly clock: Clock,
    private readonly fields: LogFields,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }
  child(fields: LogFields): Logger {
    return new JsonLinesLogger(this.service, this.sink, this.clock, { ...this.fields, ...fields });
  }
  isLevelEnabled(): boolean {
    return true;
  }

  private write(level: LogLevel, msg: string, fields: LogFields | undefined): void {
    const record = { time: new Date(this.clock.nowMs()), level, service: this.service, msg };
    this.sink.write(`${formatLogLine({ ...record, fields: { ...this.fields, ...fields } })}\n`);
  }
}

/** The logger a service uses: JSON lines, filtered at `level`. */
export function createJsonLogger(options: JsonLinesLoggerOptions): Logger {
  const inner = new JsonLinesLogger(options.service, options.sink, options.clock ?? systemClock, options.fields ?? {});
  const level = options.level ?? 'debug';
  return isLevelEnabled('debug', level) ? inner : new LevelFilterLogger(inner, level);
}
