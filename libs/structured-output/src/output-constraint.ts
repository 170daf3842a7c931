/** A JSON value as `JSON.parse` returns it. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A JSON Schema as the request carried it. Only a subset is supported (see README);
 * compiling refuses any other keyword with an error naming it.
 */
export type JsonSchema = boolean | { readonly [keyword: string]: unknown };

/** What the generated text must be: OpenAI's `response_format` in domain terms. */
export type OutputConstraint =
  /** Any JSON object (`response_format: {type: "json_object"}`). */
  | { readonly kind: 'json-object' }
  /** A JSON value valid against `schema` (`response_format: {type: "json_schema"}`). */
  | { readonly kind: 'json-schema'; readonly schema: JsonSchema; readonly name?: string };
