import { createJsonLogger } from './json-lines.logger';
import { type LogLevel } from './log-level';
import { ManualClock } from './manual.clock';

function capture(level?: LogLevel) {
  const lines: string[] = [];
  const clock = new ManualClock({ nowMs: Date.UTC(2025, 5, 1, 12, 0, 0, 250) });
  const logger = createJsonLogger({ service: 'prefill', sink: { write: (line: string) => lines.push(line) }, clock, level });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { lines, logger, parsed };
}

describe('JsonLinesLogger', () => {
  it('writes one JSON object per line with time, level, service, msg and the fields', () => {
    const { lines, logger, parsed } = capture();
    logger.info('block stored', { blockCount: 3, tier: 'dram' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(parsed()[0]).toEqual({
      time: '2025-06-01T12:00:00.250Z',
      level: 'info',
      service: 'prefill',
      msg: 'block stored',
      blockCount: 3,
      tier: 'dram',
    });
  });

  it('keeps a record on one line even when a field holds newlines', () => {
    const { lines, logger } = capture();
    logger.warn('odd', { text: 'a\nb\r\nc' });
    expect(lines[0]?.trimEnd().includes('\n')).toBe(false);
  });

  it.each<[LogLevel, string[]]>([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ])('at level %s writes %j', (level, written) => {
    const { logger, parsed } = capture(level);
    logger.debug('m');
    logger.info('m');
    logger.warn('m');
    logger.error('m');
    expect(parsed().map((line) => line['level'])).toEqual(written);
  });

  it('gives children the parent fields, the child winning, and the same level filter', () => {
    const { logger, parsed } = capture('info');
    const child = logger.child({ instance: 'prefill-0', tier: 'dram' }).child({ tier: 'ssd' });
    child.debug('hidden');
    child.info('shown', { requestCount: 1 });
    expect(parsed()).toEqual([expect.objectContaining({ msg: 'shown', instance: 'prefill-0', tier: 'ssd', requestCount: 1 })]);
    expect(child.isLevelEnabled('debug')).toBe(false);
    expect(child.isLevelEnabled('warn')).toBe(true);
  });

  it('renames fields that would overwrite a fixed key', () => {
    const { logger, parsed } = capture();
    logger.info('m', { level: 7, msg: 'x', service: 'y', time: 1 });
    expect(parsed()[0]).toMatchObject({ level: 'info', msg: 'm', service: 'prefill', level_: 7, msg_: 'x', service_: 'y', time_: 1 });
  });
});
