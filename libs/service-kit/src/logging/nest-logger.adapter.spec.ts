import { LevelFilterLogger, RecordingLogger } from '@tsukimi/telemetry';
import { NestLoggerAdapter } from './nest-logger.adapter';

describe('NestLoggerAdapter', () => {
  it.each<[string, (adapter: NestLoggerAdapter) => void, object]>([
    ['a boot message at debug', (a) => a.log('Mapped {/x, GET} route', 'RouterExplorer'), { level: 'debug', message: 'Mapped {/x, GET} route', fields: { context: 'RouterExplorer' } }],
    ['an app message at info', (a) => a.log('cache warmed', 'Warmup'), { level: 'info', message: 'cache warmed', fields: { context: 'Warmup' } }],
    ['a warning', (a) => a.warn('deprecated'), { level: 'warn', message: 'deprecated', fields: { context: undefined } }],
    ['verbose as debug', (a) => a.verbose('detail', 'X'), { level: 'debug', message: 'detail', fields: { context: 'X' } }],
    ['fatal as error', (a) => a.fatal('dead', 'X'), { level: 'error', message: 'dead', fields: { context: 'X' } }],
    [
      'an error with its stack and context',
      (a) => a.error('Unhandled', 'Error: x\n    at f (a.ts:1:1)', 'ExceptionsHandler'),
      { level: 'error', message: 'Unhandled', fields: { context: 'ExceptionsHandler', stack: 'Error: x\n    at f (a.ts:1:1)' } },
    ],
    ['an object message as detail', (a) => a.log({ a: 1 }, 'X'), { level: 'info', message: 'nest message', fields: { context: 'X', detail: { a: 1 } } }],
    ['extra parameters', (a) => a.warn('odd', 42, 'X'), { level: 'warn', message: 'odd', fields: { context: 'X', params: [42] } }],
  ])('writes %s', (_what, call, expected) => {
    const logger = new RecordingLogger();
    call(new NestLoggerAdapter(logger));
    expect(logger.records).toEqual([expected]);
  });

  it('passes an Error message as the error field', () => {
    const logger = new RecordingLogger();
    const error = new Error('bad wiring');
    new NestLoggerAdapter(logger).error(error);
    expect(logger.records).toEqual([{ level: 'error', message: 'bad wiring', fields: { context: undefined, error } }]);
  });

  it('skips records below the logger\'s level', () => {
    const recording = new RecordingLogger();
    new NestLoggerAdapter(new LevelFilterLogger(recording, 'info')).log('Mapped {/x, GET} route', 'RouterExplorer');
    expect(recording.records).toEqual([]);
  });
});
