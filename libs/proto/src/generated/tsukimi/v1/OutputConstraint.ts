// Original file: libs/proto/proto/tsukimi/v1/common.proto


/**
 * The shape the generated text must have.
 */
export interface OutputConstraint {
  /**
   * "json-object" or "json-schema"
   */
  'kind'?: (string);
  /**
   * json-schema: the JSON Schema as JSON text
   */
  'schemaJson'?: (string);
  /**
   * json-schema: the schema's name, if any
   */
  'name'?: (string);
}

/**
 * The shape the generated text must have.
 */
export interface OutputConstraint__Output {
  /**
   * "json-object" or "json-schema"
   */
  'kind': (string);
  /**
   * json-schema: the JSON Schema as JSON text
   */
  'schemaJson': (string);
  /**
   * json-schema: the schema's name, if any
   */
  'name': (string);
}
