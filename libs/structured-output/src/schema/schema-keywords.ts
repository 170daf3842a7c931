/** Keywords that describe a schema without constraining values; compiling skips them. */
export const ANNOTATION_KEYWORDS: ReadonlySet<string> = new Set([
  'title',
  'description',
  'default',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$schema',
  '$id',
  '$comment',
  '$defs',
  'definitions',
]);

export const OBJECT_KEYWORDS = ['properties', 'required', 'additionalProperties'] as const;
export const ARRAY_KEYWORDS = ['items', 'minItems', 'maxItems'] as const;
export const STRING_KEYWORDS = ['minLength', 'maxLength'] as const;

/** Every keyword the compiler turns into a constraint. */
export const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  'type',
  'enum',
  'const',
  'anyOf',
  '$ref',
  ...OBJECT_KEYWORDS,
  ...ARRAY_KEYWORDS,
  ...STRING_KEYWORDS,
]);

export const JSON_TYPES: ReadonlySet<string> = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);
