import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockEntry } from '@tsukimi/kv-store';
import { CorruptMetadataError, decodeReplicaToken, splitNumbered } from './entry.codec';
import { decodeReplica, integer, parseObject } from './json-fields.codec';

const STATUS = { p: 'pending', c: 'complete' } as const;

/**
 * An entry as earlier versions stored it under `entry:<key>`: `<revision>|` and either decimal
 * space-separated fields (`<p|c> size index created lease softPin <0|1> lastAccess count
 * <nodeId>/<tier>...`) or JSON. Read only to migrate it into the current layout.
 */
export function decodeLegacyEntry(key: BlockKey, stored: string): BlockEntry {
  const [revision, body] = splitNumbered(stored, `entry ${key}`);
  if (body.startsWith('{')) return decodeJsonEntry(key, revision, body);
  const fields = body.split(' ');
  const status = STATUS[fields[0] as keyof typeof STATUS];
  if (status === undefined) throw new CorruptMetadataError(`entry ${key}: bad status`);
  const int = (at: number, name: string) => {
    const value = Number(fields[at]);
    if (fields[at] === '' || !Number.isSafeInteger(value)) throw new CorruptMetadataError(`entry ${key}: bad ${name}`);
    return value;
  };
  if (fields[6] !== '0' && fields[6] !== '1') throw new CorruptMetadataError(`entry ${key}: bad hardPinned`);
  return {
    key,
    revision,
    status,
    sizeBytes: int(1, 'sizeBytes'),
    replicas: fields.slice(9).map((replica) => decodeReplicaToken(replica, `entry ${key}`)),
    blockIndex: int(2, 'blockIndex'),
    createdAtMs: int(3, 'createdAtMs'),
    leaseExpiresAtMs: int(4, 'leaseExpiresAtMs'),
    softPinExpiresAtMs: int(5, 'softPinExpiresAtMs'),
    hardPinned: fields[6] === '1',
    lastAccessMs: int(7, 'lastAccessMs'),
    accessCount: int(8, 'accessCount'),
  };
}

function decodeJsonEntry(key: BlockKey, revision: number, body: string): BlockEntry {
  const json = parseObject(body, `entry ${key}`);
  const status = json['status'];
  if (status !== 'pending' && status !== 'complete') throw new CorruptMetadataError(`entry ${key}: bad status`);
  const replicas = json['replicas'];
  if (!Array.isArray(replicas)) throw new CorruptMetadataError(`entry ${key}: bad replicas`);
  const int = (name: string) => integer(json, name, `entry ${key}`);
  return {
    key,
    revision,
    status,
    sizeBytes: int('sizeBytes'),
    replicas: replicas.map((replica: unknown) => decodeReplica(replica, `entry ${key}`)),
    blockIndex: int('blockIndex'),
    createdAtMs: int('createdAtMs'),
    leaseExpiresAtMs: int('leaseExpiresAtMs'),
    softPinExpiresAtMs: int('softPinExpiresAtMs'),
    hardPinned: json['hardPinned'] === true,
    lastAccessMs: int('lastAccessMs'),
    accessCount: int('accessCount'),
  };
}
