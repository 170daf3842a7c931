import { type BlockKey } from '@tsukimi/kv-block';
import { PrefixDemand } from './prefix-demand';

const key = (name: string) => name as BlockKey;
const chain = (...names: string[]) => names.map(key);
const demand = () => new PrefixDemand({ windowMs: 1000, hotRequests: 3, maxTrackedBlocks: 64 });
const request = (blockKeys: readonly BlockKey[]) => ({ blockKeys, promptTokens: [], tenantSalt: '', blockSizeTokens: 16, modelId: 'm' });

describe('PrefixDemand', () => {
  it('lists the longest prefix requests began with often enough in the window, once', () => {
    const d = demand();
    d.record(request(chain('s1', 's2', 'a3')), 0);
    d.record(request(chain('s1', 's2', 'b3')), 10);
    expect(d.hot(10)).toEqual([]);
    d.record(request(chain('s1', 's2', 'c3', 'c4')), 20);
    expect(d.hot(20)).toEqual([{ ...request(chain('s1', 's2')), requestsInWindow: 3 }]);
  });

  it('lists a longer hot prefix in place of the shorter one it begins with', () => {
    const d = demand();
    for (let i = 0; i < 3; i++) d.record(request(chain('s1', `x${i}`)), 0);
    expect(d.hot(0).map((hot) => hot.blockKeys)).toEqual([chain('s1')]);
    for (let i = 0; i < 3; i++) d.record(request(chain('s1', 'y2', 'y3')), 0);
    expect(d.hot(0)).toEqual([{ ...request(chain('s1', 'y2', 'y3')), requestsInWindow: 3 }]);
  });

  it('lists the most requested first, and forgets a prefix once it cools', () => {
    const d = demand();
    for (let i = 0; i < 3; i++) d.record(request(chain('a1')), 0);
    for (let i = 0; i < 5; i++) d.record({ ...request(chain('b1')), adapter: 'sql' }, 600);
    expect(d.hot(600)).toEqual([
      { ...request(chain('b1')), adapter: 'sql', requestsInWindow: 5 },
      { ...request(chain('a1')), requestsInWindow: 3 },
    ]);
    expect(d.hot(1100).map((hot) => hot.blockKeys)).toEqual([chain('b1')]);
    expect(d.hot(1700)).toEqual([]);
  });
});
