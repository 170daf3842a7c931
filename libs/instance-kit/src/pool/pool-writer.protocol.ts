import { type Address } from '@tsukimi/config';
import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type PoolFailure, type StoreReport } from '@tsukimi/serving';
import { type BlockToWrite, type TransferDone, type TransferFailed } from '@tsukimi/transfer';

/** What the pool-writer thread is started with: where the pool is, and how long a call may take. */
export interface PoolWriterSettings {
  readonly masters: readonly Address[];
  readonly timeoutMs: number;
  /** The thread reads the service tokens itself, and keeps them current, from this file; none when absent. */
  readonly serviceTokenFile?: string | undefined;
}

/** Asks of the owning thread. Those with an `id` are answered once, by that id. */
export type PoolWriterAsk =
  | { readonly kind: 'store'; readonly id: number; readonly keys: readonly BlockKey[]; readonly blocks: readonly BlockToWrite[] }
  | { readonly kind: 'open-parts'; readonly partsId: number; readonly keys: readonly BlockKey[] }
  | { readonly kind: 'part'; readonly id: number; readonly partsId: number; readonly keys: readonly BlockKey[]; readonly blocks: readonly BlockToWrite[] }
  | { readonly kind: 'close-parts'; readonly id: number; readonly partsId: number }
  /** No more asks come: the thread releases its connections and ends. */
  | { readonly kind: 'close' };

/** What the writer thread tells: answers, and every data-plane batch it made (for the owner's metrics). */
export type PoolWriterTell =
  | { readonly kind: 'answer'; readonly id: number; readonly result: Result<StoreReport, PoolFailure> | undefined }
  | { readonly kind: 'transfer'; readonly done: TransferDone }
  | { readonly kind: 'transfer-failed'; readonly failed: TransferFailed }
  /** The thread's own copy of the service tokens took a change of the file. */
  | { readonly kind: 'tokens-reloaded'; readonly tokenCount: number };
