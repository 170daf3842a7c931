import { join } from 'node:path';
import { parseBlockKey, type BlockKey } from '@tsukimi/kv-block';

/**
 * Where an SSD tier keeps a block: `<dir>/<first two hex digits>/<key>.blk`. Every path is built
 * from a parsed BlockKey (16 lowercase hex digits) and nothing else, so no client input can name a
 * file outside the directory. Shards keep directories small.
 */
const SHARD = /^[0-9a-f]{2}$/;
const BLOCK_FILE = /^([0-9a-f]{16})\.blk$/;
const TEMP_FILE = /^[0-9a-f]{16}\.blk\.[0-9a-z]+\.tmp$/;

export function shardDir(dir: string, key: BlockKey): string {
  return join(dir, key.slice(0, 2));
}

export function blockPath(dir: string, key: BlockKey): string {
  return join(shardDir(dir, key), `${key}.blk`);
}

/** A write lands here first and is renamed into place whole; `nonce` tells concurrent writers apart. */
export function tempPath(dir: string, key: BlockKey, nonce: string): string {
  return join(shardDir(dir, key), `${key}.blk.${nonce}.tmp`);
}

export function isShardName(name: string): boolean {
  return SHARD.test(name);
}

/** What a file found in a shard is: one of our blocks, one of our unfinished writes, or not ours (left alone). */
export type SsdFileKind = { readonly kind: 'block'; readonly key: BlockKey } | { readonly kind: 'temp' } | { readonly kind: 'foreign' };

export function classifyFile(shard: string, name: string): SsdFileKind {
  if (TEMP_FILE.test(name) && name.startsWith(shard)) return { kind: 'temp' };
  const match = BLOCK_FILE.exec(name);
  const key = match?.[1] === undefined ? undefined : parseBlockKey(match[1]);
  if (key === undefined || !key.ok || !key.value.startsWith(shard)) return { kind: 'foreign' };
  return { kind: 'block', key: key.value };
}
