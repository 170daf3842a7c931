import { type SchemaNode, type UnionNode } from './schema-node';

/**
 * Whether a union reaches itself through unions alone: a `$ref` to itself (`{"$ref": "#"}`),
 * references in a loop, or an `anyOf` listing its own schema. Such a cycle comes back before
 * any value starts, so it admits no value, and expanding it would never end. Cycles through an
 * object or an array (a tree of nested values) are fine: a bracket is written before each turn.
 * Walks with its own stacks, since schemas nest as deep as a request allows.
 */
export function hasValuelessCycle(root: SchemaNode): boolean {
  const state = new Map<number, 'open' | 'done'>();
  for (const union of unionsFrom(root)) {
    if (state.has(union.id)) continue;
    const path: [UnionNode, number][] = [[union, 0]];
    state.set(union.id, 'open');
    while (path.length > 0) {
      const top = path[path.length - 1]!;
      const [node, next] = top;
      if (next === node.options.length) {
        state.set(node.id, 'done');
        path.pop();
        continue;
      }
      top[1] = next + 1;
      const option = node.options[next]!;
      if (option.kind !== 'union') continue;
      const seen = state.get(option.id);
      if (seen === 'open') return true;
      if (seen === undefined) {
        state.set(option.id, 'open');
        path.push([option, 0]);
      }
    }
  }
  return false;
}

/** Every union node reachable from `root`, each once. */
function unionsFrom(root: SchemaNode): UnionNode[] {
  const unions: UnionNode[] = [];
  const seen = new Set<number>();
  const pending: SchemaNode[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    if (node.kind === 'union') {
      unions.push(node);
      pending.push(...node.options);
    } else if (node.kind === 'object') {
      pending.push(...node.properties.values(), ...(node.additional ? [node.additional] : []));
    } else if (node.kind === 'array') {
      pending.push(node.items);
    }
  }
  return unions;
}
