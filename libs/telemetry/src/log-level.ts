/** Severities in increasing order; a logger set to a level writes that level and above. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

/** Whether a record at `level` passes a logger whose minimum is `minimum`. */
export function isLevelEnabled(level: LogLevel, minimum: LogLevel): boolean {
  return RANK[level] >= RANK[minimum];
}
