import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockReadOutcome, type BlockStore, type BlockWriteOutcome } from '@tsukimi/transfer';
import { type NodeTier } from '../common/tier.model';
import { type NodeStore } from '../node/node.store';

/** Told of every read the data plane serves, for hit/miss metrics. */
export interface NodeReadObserver {
  onRead(outcome: { readonly hit: true; readonly tier: NodeTier; readonly bytes: number } | { readonly hit: false; readonly reason: string }): void;
}

/** A node store as the transfer engine's server sees it: reads from any tier, writes verified into DRAM (or SSD). */
export function nodeBlockStore(node: NodeStore, observer?: NodeReadObserver): BlockStore {
  return {
    reader: {
      async readBlock(key: BlockKey): Promise<BlockReadOutcome> {
        const hit = await node.get(key);
        if (!hit.ok) {
          observer?.onRead({ hit: false, reason: hit.error.kind });
          return { status: 'missing' };
        }
        observer?.onRead({ hit: true, tier: hit.value.tier, bytes: hit.value.bytes.length });
        return { status: 'found', bytes: hit.value.bytes };
      },
    },
    writer: {
      async writeBlock(key: BlockKey, bytes: Uint8Array): Promise<BlockWriteOutcome> {
        const put = await node.put(key, bytes);
        if (put.ok) return { status: 'stored' };
        switch (put.error.kind) {
          case 'invalid-block':
            return { status: 'rejected', reason: 'invalid-block' };
          case 'too-large':
            return { status: 'rejected', reason: 'too-large' };
          case 'no-space':
            return { status: 'rejected', reason: 'no-space' };
          default:
            return { status: 'rejected', reason: 'store-failure' };
        }
      },
    },
  };
}
