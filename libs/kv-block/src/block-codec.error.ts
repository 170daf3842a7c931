import { type BlockDigest } from './block-digest';
import { type BlockKey } from './block-key';
import { type BlockDtype, type BlockLayout } from './block-layout';
import { type ModelHash } from './model-hash';

/** A layout as read off the wire, where the dtype code may be one this build does not know. */
export type WireBlockLayout = Omit<BlockLayout, 'dtype'> & { readonly dtype: BlockDtype | `unknown:${number}` };

/**
 * Why bytes were refused as a block. Every kind means the same to a reader (a miss: recompute or
 * fetch another replica, never serve); the details are for logs and metrics, so they hold no bigints
 * and stay JSON-serialisable.
 */
export type BlockCodecError =
  | { readonly kind: 'truncated'; readonly neededBytes: number; readonly actualBytes: number }
  | { readonly kind: 'bad-magic'; readonly actualHex: string }
  | { readonly kind: 'unsupported-version'; readonly version: number; readonly supportedVersion: number }
  | { readonly kind: 'checksum-mismatch'; readonly storedHex: string; readonly computedHex: string }
  | { readonly kind: 'model-mismatch'; readonly expected: ModelHash; readonly actual: ModelHash }
  | { readonly kind: 'layout-mismatch'; readonly expected: BlockLayout; readonly actual: WireBlockLayout }
  | { readonly kind: 'key-mismatch'; readonly expected: BlockKey; readonly actual: BlockKey }
  /** A sound block, but of other tokens, another parent chain, salt or model than its key claims: a key collision. */
  | { readonly kind: 'digest-mismatch'; readonly expected: BlockDigest; readonly actual: BlockDigest }
  | {
      readonly kind: 'length-mismatch';
      readonly field: 'headerBytes' | 'payloadBytes' | 'totalBytes';
      readonly expected: number;
      readonly actual: number;
    };

export type BlockCodecErrorKind = BlockCodecError['kind'];
