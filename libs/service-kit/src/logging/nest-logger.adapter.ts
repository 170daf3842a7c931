import { type LoggerService } from '@nestjs/common';
import { type LogLevel, type Logger } from '@tsukimi/telemetry';

/**
 * Nest's per-module and per-route boot messages: useful when debugging wiring, noise in
 * production, where the kit's own `service started` line says what an operator needs.
 */
const BOOT_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * Routes Nest's own logging (boot, unhandled exceptions) into the service's JSON logger, so
 * that every line a service writes has one format. Nest calls `log(message, context)` and
 * `error(message, stack, context)`; the trailing string argument is the context.
 */
export class NestLoggerAdapter implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = contextOf(params);
    this.write(context !== undefined && BOOT_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  private write(level: LogLevel, message: unknown, params: readonly unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = contextOf(params);
    const rest = context === undefined ? params : params.slice(0, -1);
    const fields: Record<string, unknown> = { context };
    const [first, ...others] = rest;
    if (typeof first === 'string' && first.includes('\n    at ')) fields['stack'] = first;
    else if (first !== undefined) others.unshift(first);
    if (others.length > 0) fields['params'] = others;
    if (message instanceof Error) fields['error'] = message;
    else if (typeof message !== 'string') fields['detail'] = message;
    const text = typeof message === 'string' ? message : message instanceof Error ? message.message : 'nest message';
    this.logger[level](text, fields);
  }
}

/** Nest passes its context as the last argument, when it is a string. */
function contextOf(params: readonly unknown[]): string | undefined {
  const last = params[params.length - 1];
  return typeof last === 'string' && params.length > 0 && !last.includes('\n') ? last : undefined;
}
