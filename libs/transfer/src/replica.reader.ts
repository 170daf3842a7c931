import { type BlockKey } from '@tsukimi/kv-block';
import { type Endpoint } from './endpoint';
import { type TransferError } from './transfer.error';
import { type TransferOptions, type Transport } from './transport.port';

/** What one replica said about one key before the reader moved on. */
export type ReplicaAttempt =
  | { readonly endpoint: Endpoint; readonly outcome: 'missing' }
  | { readonly endpoint: Endpoint; readonly outcome: 'error'; readonly error: TransferError };

export type ReplicaReadOutcome =
  | {
      readonly key: BlockKey;
      readonly status: 'found';
      readonly bytes: Uint8Array;
      /** As in KeyReadOutcome: hands `bytes` back to the transport once the caller is done with them. */
      readonly release?: () => void;
      /** The replica that served the bytes. */
      readonly servedBy: Endpoint;
      /** Replicas tried before it, in order. */
      readonly attempts: readonly ReplicaAttempt[];
    }
  | { readonly key: BlockKey; readonly status: 'missing'; readonly attempts: readonly ReplicaAttempt[] };

/**
 * Reads every key from the first replica that has it. Replicas are tried in the given order, one
 * batch per replica holding the keys still unserved; a timeout, a connection failure or a miss
 * moves those keys on to the next replica. `timeoutMs` applies to each attempt. Never fails as a
 * whole: a key no replica served is `missing`, with the reason from each replica.
 */
export async function readFromReplicas(
  transport: Transport,
  replicas: readonly Endpoint[],
  keys: readonly BlockKey[],
  options: TransferOptions,
): Promise<readonly ReplicaReadOutcome[]> {
  const outcomes: (ReplicaReadOutcome | undefined)[] = keys.map(() => undefined);
  const attempts: ReplicaAttempt[][] = keys.map(() => []);
  let pending = keys.map((_, index) => index);
  for (const endpoint of replicas) {
    if (pending.length === 0) break;
    const result = await transport.read(endpoint, pending.map((index) => keys[index] as BlockKey), options);
    const stillPending: number[] = [];
    pending.forEach((index, position) => {
      const tried = attempts[index] as ReplicaAttempt[];
      if (!result.ok) {
        tried.push({ endpoint, outcome: 'error', error: result.error });
        stillPending.push(index);
        return;
      }
      const outcome = result.value[position];
      if (outcome?.status === 'found') {
        outcomes[index] = { key: outcome.key, status: 'found', bytes: outcome.bytes, release: outcome.release, servedBy: endpoint, attempts: tried };
      } else {
        tried.push({ endpoint, outcome: 'missing' });
        stillPending.push(index);
      }
    });
    pending = stillPending;
  }
  return keys.map((key, index) => outcomes[index] ?? { key, status: 'missing', attempts: attempts[index] as ReplicaAttempt[] });
}
