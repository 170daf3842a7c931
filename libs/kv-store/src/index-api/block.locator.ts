import { type BlockKey } from '@tsukimi/kv-block';
import { type MetadataStore } from '../metadata/metadata-store.port';
import { type Holding } from './block-holdings';

/** Where each block asked for is held, and the log position the answer reflects. */
export interface LocatedBlocks {
  readonly epoch: string;
  /** Read before the entries: events after it may already show in `holdings`, none before it is missing. */
  readonly lastEventId: number;
  /** Per key, in order: its complete replicas (none for a block that is pending or absent). */
  readonly holdings: readonly (readonly Holding[])[];
}

/** The master's side of a lookup by keys: reads the entries without a lease, so looking never keeps a block. */
export class BlockLocator {
  constructor(private readonly store: Pick<MetadataStore, 'eventLogHead' | 'getEntries'>) {}

  async locate(keys: readonly BlockKey[]): Promise<LocatedBlocks> {
    const { epoch, lastEventId } = await this.store.eventLogHead();
    const entries = await this.store.getEntries(keys);
    const holdings = entries.map((entry) =>
      entry === undefined || entry.status !== 'complete'
        ? []
        : entry.replicas.map(({ nodeId, tier }): Holding => (tier === 'device' ? { tier, instance: nodeId } : { tier, node: nodeId })),
    );
    return { epoch, lastEventId, holdings };
  }
}
