import { type KvpoolSignals, kvpoolSignalsFrom, type PoolReadStatsPort } from '@tsukimi/planner';
import { type Logger } from '@tsukimi/telemetry';

/**
 * The slow loop's kvpool signals, read from the leading master each tick. Undefined (the planner
 * then leaves the pool as it is) when no master answers or its curve says nothing yet; a master
 * that stops answering is logged once, not every tick.
 */
export function kvpoolSignalsReader(stats: PoolReadStatsPort, log: Logger): () => Promise<KvpoolSignals | undefined> {
  let unavailable = false;
  return async () => {
    const read = await stats.read([]);
    if (!read.ok) {
      if (!unavailable) log.warn('planner cannot read the kvpool master\'s read statistics; the pool is not sized', { reason: read.error.message });
      unavailable = true;
      return undefined;
    }
    unavailable = false;
    return kvpoolSignalsFrom(read.value);
  };
}
