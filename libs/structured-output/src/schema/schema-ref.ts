import { err, ok, type Result } from '@tsukimi/result';
import { type JsonSchema } from '../output-constraint';

/**
 * The schema a local `$ref` names: `#` itself or a JSON Pointer into the root
 * (`#/$defs/Name`, `#/definitions/Name`). References to other documents are refused.
 */
export function resolveRef(root: JsonSchema, ref: string): Result<JsonSchema, string> {
  if (ref !== '#' && !ref.startsWith('#/')) return err(`only local references (#/...) are supported, not '${ref}'`);
  let at: unknown = root;
  for (const raw of ref === '#' ? [] : ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return err(`reference '${ref}' names nothing in the schema`);
    at = (at as Record<string, unknown>)[key];
  }
  if (typeof at !== 'boolean' && (typeof at !== 'object' || at === null || Array.isArray(at))) return err(`reference '${ref}' does not name a schema`);
  return ok(at as JsonSchema);
}
