/**
 * A JSON Schema compiled into what the automaton needs: one node per kind of value,
 * keywords resolved, literals as the bytes they are written with. Nodes may form
 * cycles (recursive `$ref`s), so every node carries an `id` to name it cheaply.
 */
export type SchemaNode = ObjectNode | ArrayNode | StringNode | NumberNode | LiteralNode | UnionNode;

export interface ObjectNode {
  readonly kind: 'object';
  readonly id: number;
  /** Declared properties, in declaration order. */
  readonly properties: ReadonlyMap<string, SchemaNode>;
  readonly required: readonly string[];
  /** Schema for keys not in `properties`; null when no other key may appear. */
  readonly additional: SchemaNode | null;
}

export interface ArrayNode {
  readonly kind: 'array';
  readonly id: number;
  readonly items: SchemaNode;
  readonly minItems: number;
  readonly maxItems: number;
}

export interface StringNode {
  readonly kind: 'string';
  readonly id: number;
  /** Bounds in Unicode code points, as JSON Schema counts them. */
  readonly minLength: number;
  readonly maxLength: number;
}

export interface NumberNode {
  readonly kind: 'number';
  readonly id: number;
  /** No fraction and no exponent. */
  readonly integer: boolean;
}

/** One of a fixed set of values (enum, const, booleans, null), written as compact JSON. */
export interface LiteralNode {
  readonly kind: 'literal';
  readonly id: number;
  readonly texts: readonly Uint8Array[];
}

/** Any of several nodes (anyOf, a list of types, a `$ref` being resolved). */
export interface UnionNode {
  readonly kind: 'union';
  readonly id: number;
  readonly options: SchemaNode[];
}

/** Hands out node ids; one per compiled schema. */
export class NodeIds {
  private next = 0;

  take(): number {
    return this.next++;
  }
}

/** A literal node for these values, each written as `JSON.stringify` writes it. */
export function literalNode(ids: NodeIds, values: readonly unknown[]): LiteralNode {
  const utf8 = new TextEncoder();
  const texts = values.map((v) => utf8.encode(JSON.stringify(v)));
  return { kind: 'literal', id: ids.take(), texts };
}

/** Any JSON value: objects with any keys, arrays, strings, numbers, booleans, null. */
export function anyValueNode(ids: NodeIds): UnionNode {
  const any: UnionNode = { kind: 'union', id: ids.take(), options: [] };
  any.options.push(
    { kind: 'object', id: ids.take(), properties: new Map(), required: [], additional: any },
    { kind: 'array', id: ids.take(), items: any, minItems: 0, maxItems: Infinity },
    { kind: 'string', id: ids.take(), minLength: 0, maxLength: Infinity },
    { kind: 'number', id: ids.take(), integer: false },
    literalNode(ids, [true, false, null]),
  );
  return any;
}
