/** Why a JSON Schema cannot become a constraint; the API answers 400 with it. */
export type SchemaError =
  /** A keyword outside the supported subset, at `path` (a JSON Pointer into the schema). */
  | { readonly kind: 'unsupported-keyword'; readonly keyword: string; readonly path: string }
  /** A supported keyword with a value it cannot take, or a schema no value satisfies. */
  | { readonly kind: 'invalid-schema'; readonly path: string; readonly reason: string };

/** One line for an error response, naming the keyword or the place. */
export function describeSchemaError(error: SchemaError): string {
  const at = error.path === '' ? 'the schema root' : error.path;
  return error.kind === 'unsupported-keyword' ? `unsupported JSON Schema keyword '${error.keyword}' at ${at}` : `invalid JSON Schema at ${at}: ${error.reason}`;
}
