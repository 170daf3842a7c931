import { healthy, unhealthy } from './health.model';

describe('health results', () => {
  it.each([
    [healthy(), { status: 'up' }],
    [healthy({ layers: 2 }), { status: 'up', details: { layers: 2 } }],
    [unhealthy('model not loaded'), { status: 'down', reason: 'model not loaded' }],
    [unhealthy('kvpool unreachable', { address: 'a:1' }), { status: 'down', reason: 'kvpool unreachable', details: { address: 'a:1' } }],
  ])('%j', (result, expected) => {
    expect(result).toEqual(expected);
  });
});
