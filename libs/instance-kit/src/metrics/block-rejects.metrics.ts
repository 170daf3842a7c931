import { type BlockCodecErrorKind } from '@tsukimi/kv-block';
import { type Metrics } from '@tsukimi/service-kit';

/** The reject reason each way a block fails to decode is counted under. */
const REJECT_REASONS: Readonly<Record<BlockCodecErrorKind, string>> = {
  'digest-mismatch': 'digest',
  'checksum-mismatch': 'checksum',
  'key-mismatch': 'key',
  'model-mismatch': 'model',
  'layout-mismatch': 'layout',
  'length-mismatch': 'length',
  truncated: 'truncated',
  'bad-magic': 'magic',
  'unsupported-version': 'version',
};

/** Creates every reject reason's series at 0, so a rate over them has data before the first reject. */
export function registerBlockRejects(metrics: Metrics): void {
  for (const reason of new Set(Object.values(REJECT_REASONS))) metrics.get('tsukimi_kvpool_block_rejects_total').inc({ reason }, 0);
}

/** Counts blocks read from the pool and refused (each then recomputed): by reason, and as corrupt blocks from the pool. */
export function countBlockRejects(metrics: Metrics, refused: readonly BlockCodecErrorKind[]): void {
  if (refused.length === 0) return;
  for (const kind of refused) metrics.get('tsukimi_kvpool_block_rejects_total').inc({ reason: REJECT_REASONS[kind] });
  metrics.get('tsukimi_kvpool_corrupt_blocks_total').inc({ source: 'pool' }, refused.length);
}
