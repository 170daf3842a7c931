import { type JsonSchema } from '../output-constraint';

/** Property names that exercise escaping and multi-byte keys. */
const NAMES = ['a', 'id', 'name', 'tags', 'é', 'quote"d', 'back\\slash', 'new\nline', '🌕', 'x y'];
const LITERALS: readonly unknown[] = ['red', 'é', 'say "hi"', 0, -1.5, 12, true, false, null, [1, 'a'], { k: [null] }];

/**
 * A random schema within the supported subset, for property tests: objects (declared
 * keys, required subsets, additionalProperties false/absent, or free keys typed by
 * additionalProperties after required ones), arrays with bounds,
 * strings with bounds, integers, numbers, booleans, null, enum, const, anyOf, type lists, $ref.
 */
export function randomSchema(random: () => number, depth = 3): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  const schema = randomSubschema(random, depth, defs);
  return Object.keys(defs).length === 0 || typeof schema === 'boolean' ? schema : { ...schema, $defs: defs };
}

function randomSubschema(random: () => number, depth: number, defs: Record<string, JsonSchema>): JsonSchema {
  const sub = () => randomSubschema(random, depth - 1, defs);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const leaf = (): JsonSchema => {
    switch (pick(['string', 'integer', 'number', 'boolean', 'null', 'enum', 'const', 'types'])) {
      case 'string': {
        const min = pick([0, 0, 1, 3]);
        return random() < 0.7 ? { type: 'string', minLength: min, maxLength: min + pick([0, 2, 8]) } : { type: 'string', minLength: min };
      }
      case 'integer':
        return { type: 'integer' };
      case 'number':
        return { type: 'number' };
      case 'boolean':
        return { type: 'boolean' };
      case 'null':
        return { type: 'null' };
      case 'enum':
        return { enum: [pick(LITERALS), pick(LITERALS), pick(LITERALS)].filter((v, i, all) => all.findIndex((w) => JSON.stringify(w) === JSON.stringify(v)) === i) };
      case 'const':
        return { const: pick(LITERALS) };
      default:
        return { type: ['string', 'null'], maxLength: 4 };
    }
  };
  if (depth === 0 || random() < 0.3) return leaf();
  switch (pick(['object', 'object', 'array', 'anyOf', 'ref'])) {
    case 'object': {
      const names = NAMES.filter(() => random() < 0.3).slice(0, 3);
      const required = names.filter(() => random() < 0.6);
      if (random() < 0.15) return { type: 'object', required, additionalProperties: sub() };
      const properties = Object.fromEntries(names.map((n) => [n, sub()]));
      return { type: 'object', properties, required, ...pick([{}, {}, { additionalProperties: false }]) };
    }
    case 'array': {
      const min = pick([0, 0, 1, 2]);
      return { type: 'array', items: sub(), minItems: min, ...(random() < 0.6 ? { maxItems: min + pick([0, 1, 3]) } : {}) };
    }
    case 'anyOf':
      return { anyOf: [sub(), sub()] };
    default: {
      const name = `d${Object.keys(defs).length}`;
      defs[name] = true;
      defs[name] = sub();
      return { type: 'array', items: { $ref: `#/$defs/${name}` }, maxItems: 2 };
    }
  }
}
