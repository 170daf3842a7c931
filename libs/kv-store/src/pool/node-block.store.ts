import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockReadOutcome, type BlockStore, type BlockWriteOutcome, type WriteRejectReason } from '@tsukimi/transfer';
import { type NodePutError, type NodeStore } from '../node/node.store';
import { type NodeRead } from '../node/tier-lookup.model';

/** How one block written over the data plane ended: stored, or refused with the reason the writer is told. */
export type NodeWrite = { readonly stored: true; readonly bytes: number } | { readonly stored: false; readonly reason: WriteRejectReason };

/** Told of every read and write the data plane serves, for metrics. Must return quickly and not throw. */
export interface NodeReadObserver {
  onRead(outcome: NodeRead): void;
  /** A block a client wrote; absent when only reads matter. */
  onWrite?(outcome: NodeWrite): void;
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
        const release = hit.value.release;
        return release === undefined ? { status: 'found', bytes: hit.value.bytes } : { status: 'found', bytes: hit.value.bytes, release };
      },
    },
    writer: {
      async writeBlock(key: BlockKey, bytes: Uint8Array): Promise<BlockWriteOutcome> {
        const put = await node.put(key, bytes);
        if (put.ok) {
          observer?.onWrite?.({ stored: true, bytes: bytes.length });
          return { status: 'stored' };
        }
        const reason = rejectReason(put.error.kind);
        observer?.onWrite?.({ stored: false, reason });
        return { status: 'rejected', reason };
      },
    },
  };
}

function rejectReason(kind: NodePutError['kind']): WriteRejectReason {
  switch (kind) {
    case 'invalid-block':
    case 'too-large':
    case 'no-space':
      return kind;
    case 'io-failure':
      return 'store-failure';
  }
}
