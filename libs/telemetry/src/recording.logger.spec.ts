import { LevelFilterLogger } from './level-filter.logger';
import { RecordingLogger } from './recording.logger';
import { silentLogger } from './silent.logger';

describe('RecordingLogger', () => {
  it('records every level with fields merged from its ancestors', () => {
    const logger = new RecordingLogger();
    logger.child({ service: 'kvpool' }).warn('lease expired', { blockCount: 2 });
    logger.error('boom');
    expect(logger.records).toEqual([
      { level: 'warn', message: 'lease expired', fields: { service: 'kvpool', blockCount: 2 } },
      { level: 'error', message: 'boom', fields: {} },
    ]);
    expect(logger.withMessage('boom')).toHaveLength(1);
  });

  it('is filtered by a LevelFilterLogger', () => {
    const recording = new RecordingLogger();
    const logger = new LevelFilterLogger(recording, 'warn');
    logger.info('dropped');
    logger.child({ a: 1 }).warn('kept');
    expect(recording.records.map((record) => record.message)).toEqual(['kept']);
  });
});

describe('silentLogger', () => {
  it('writes nothing and reports every level disabled', () => {
    expect(() => silentLogger.child({ a: 1 }).error('x', { error: new Error('y') })).not.toThrow();
    expect(silentLogger.isLevelEnabled('error')).toBe(false);
  });
});
