import { type BlockKey } from '@tsukimi/kv-block';

/** No complete block under the key (absent, or still pending: readers never see a pending block). */
export interface NotFound {
  readonly kind: 'not-found';
  readonly key: BlockKey;
}

/** The entry kept changing under the master's compare-and-swap; retry later. */
export interface Contention {
  readonly kind: 'contention';
  readonly key: BlockKey;
}

/** Another writer's put of the key is between start and end. */
export interface InProgress {
  readonly kind: 'in-progress';
  readonly key: BlockKey;
}

export interface InvalidRequest {
  readonly kind: 'invalid-request';
  readonly key: BlockKey;
  readonly field: string;
  readonly reason: string;
}

export type PutStartError = InProgress | InvalidRequest | Contention | { readonly kind: 'no-space'; readonly key: BlockKey; readonly sizeBytes: number };
export type PutEndError = NotFound | Contention;
export type PutRevokeError = NotFound | Contention | { readonly kind: 'complete'; readonly key: BlockKey };
export type GetError = NotFound | Contention;
export type RemoveError =
  | NotFound
  | InProgress
  | Contention
  | { readonly kind: 'leased'; readonly key: BlockKey; readonly leaseExpiresAtMs: number }
  | { readonly kind: 'hard-pinned'; readonly key: BlockKey };
export type PinError = NotFound | InvalidRequest | Contention;
