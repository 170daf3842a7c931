import { expectOk } from '@tsukimi/result';
import { type TraceRequest } from '../trace/trace-request.model';
import { compileCacheReplayOptions, type CacheReplayOptions } from './cache-replay.options';
import { CacheReplay } from './cache.replay';

const request = (inputLengthTokens: number, hashIds: number[]): TraceRequest => ({ timestampMs: 0, inputLengthTokens, outputLengthTokens: 1, hashIds });

function replay(options: CacheReplayOptions, requests: TraceRequest[]) {
  const cacheReplay = new CacheReplay(expectOk(compileCacheReplayOptions(options), 'options'));
  for (const r of requests) cacheReplay.add(r);
  const { blocksHit, blocksLookedUp, blocksInserted, blocksEvicted, hitRatio } = cacheReplay.report();
  return { blocksHit, blocksLookedUp, blocksInserted, blocksEvicted, hitRatio };
}

describe('CacheReplay', () => {
  it('looks every block of a request up before inserting any: a request never hits on itself', () => {
    expect(replay({ policy: 'lru', capacityBlocks: 'inf' }, [request(1536, [1, 2, 3])])).toEqual({ blocksHit: 0, blocksLookedUp: 3, blocksInserted: 3, blocksEvicted: 0, hitRatio: 0 });
  });

  it('counts hits per block, the partial last block included', () => {
    const requests = [request(1100, [1, 2, 3]), request(1100, [1, 2, 3]), request(600, [1, 4])];
    expect(replay({ policy: 'lru', capacityBlocks: 'inf' }, requests)).toEqual({ blocksHit: 4, blocksLookedUp: 8, blocksInserted: 4, blocksEvicted: 0, hitRatio: 0.5 });
  });

  it('inserts the misses in prefix order, so a cache smaller than the request keeps its tail', () => {
    const requests = [request(1536, [1, 2, 3]), request(1536, [1, 2, 3])];
    expect(replay({ policy: 'lru', capacityBlocks: 1 }, requests)).toMatchObject({ blocksHit: 1, blocksInserted: 5, blocksEvicted: 4 });
  });

  it('re-keys blocks at another block size: 256-token blocks of two requests sharing only their first 512 tokens', () => {
    expect(replay({ policy: 'lru', capacityBlocks: 'inf', blockSizeTokens: 256 }, [request(1024, [1, 2]), request(1024, [1, 3])])).toMatchObject({ blocksHit: 2, blocksLookedUp: 8 });
  });
});
