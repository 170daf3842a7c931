import { err, ok, type Result } from '@tsukimi/result';

declare const nodeIdBrand: unique symbol;

/** A kvpool node (or an engine instance reporting its device tier), as the master knows it. */
export type NodeId = string & { readonly [nodeIdBrand]: true };

export interface NodeIdParseError {
  readonly kind: 'malformed-node-id';
  readonly value: string;
  readonly reason: string;
}

/** Letters, digits and `._:-`, starting with a letter or digit: safe in Redis keys, file names and log fields. */
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function parseNodeId(text: string): Result<NodeId, NodeIdParseError> {
  if (NODE_ID.test(text)) return ok(text as NodeId);
  return err({ kind: 'malformed-node-id', value: text.slice(0, 40), reason: 'expected 1-128 characters of [A-Za-z0-9._:-], starting with a letter or digit' });
}
