import { type CacheReplayReport } from '@tsukimi/simulator';

const capacityText = (capacityBlocks: number): number | 'inf' => (Number.isFinite(capacityBlocks) ? capacityBlocks : 'inf');

/** The `--json` object: snake_case, the hit ratio unrounded. */
export function replayJson(report: CacheReplayReport): string {
  const { policy, capacityBlocks, blockSizeTokens } = report.options;
  return JSON.stringify({
    hit_ratio: report.hitRatio,
    requests: report.requests,
    blocks_looked_up: report.blocksLookedUp,
    blocks_hit: report.blocksHit,
    blocks_inserted: report.blocksInserted,
    blocks_evicted: report.blocksEvicted,
    policy,
    capacity_blocks: capacityText(capacityBlocks),
    block_size_tokens: blockSizeTokens,
  });
}

/** A few lines for a person. */
export function replaySummary(tracePath: string, report: CacheReplayReport): string {
  const { policy, capacityBlocks, blockSizeTokens } = report.options;
  const capacity = Number.isFinite(capacityBlocks) ? `${capacityBlocks} blocks` : 'unbounded';
  return [
    `Cache-only replay of ${tracePath}: ${policy}, ${capacity}, ${blockSizeTokens} tokens a block`,
    `  requests          ${report.requests}`,
    `  blocks looked up  ${report.blocksLookedUp}`,
    `  block hit ratio   ${report.hitRatio.toFixed(4)} (${report.blocksHit} hits)`,
    `  blocks inserted   ${report.blocksInserted}, evicted ${report.blocksEvicted}`,
    '',
  ].join('\n');
}
