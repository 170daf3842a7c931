import { err, ok } from '@tsukimi/result';
import { asBoolean, asObject, asString, clipText, invalidValue, nestsDeeperThan, quoteJson, optional, readFields, required, unsupported, type Reader } from './json.reader';
import { type ResponseFormat } from './request.model';

const SCHEMA_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * How deep a schema's objects and arrays may nest. Schemas are compiled by recursion, which a
 * schema nested as deep as the body allows would overflow; real ones nest a few levels (the
 * OpenAI API allows 10 levels of properties).
 */
export const MAX_SCHEMA_DEPTH = 64;
const TYPES = ['text', 'json_object', 'json_schema'] as const;

/**
 * `response_format`: `{type: 'text'}`, `{type: 'json_object'}` or
 * `{type: 'json_schema', json_schema: {name, schema, strict?, description?}}`, as the OpenAI API
 * takes it. The schema must be an object; `strict` is accepted either way, since the output is
 * always held to the schema.
 */
export const asResponseFormat: Reader<ResponseFormat> = (value, param) => {
  const object = asObject(value, param);
  if (!object.ok) return object;
  const head = readFields(object.value, { type: required(asString) }, param);
  if (!head.ok) return head;
  const type = head.value.type;
  if (type === 'text') return ok({ kind: 'text' });
  if (type === 'json_object') return ok({ kind: 'json-object' });
  if (type !== 'json_schema') {
    const known = TYPES.map((t) => `'${t}'`).join(', ');
    return err(unsupported(`${param}.type`, `does not support '${clipText(type)}'. Supported values are: ${known}.`));
  }
  const spec = readFields(object.value, { json_schema: required(asObject) }, param);
  if (!spec.ok) return spec;
  const path = `${param}.json_schema`;
  const fields = readFields(
    spec.value.json_schema,
    { name: required(asString), description: optional(asString, undefined), schema: required(asObject), strict: optional(asBoolean, false) },
    path,
  );
  if (!fields.ok) return fields;
  const { name, schema, strict } = fields.value;
  if (nestsDeeperThan(schema, MAX_SCHEMA_DEPTH)) {
    return err(invalidValue(`${path}.schema`, `the schema nests objects and arrays more than ${MAX_SCHEMA_DEPTH} levels deep.`));
  }
  if (!SCHEMA_NAME.test(name)) {
    return err(invalidValue(`${path}.name`, `the name must be 1 to 64 characters of a-z, A-Z, 0-9, underscores and dashes, but got ${quoteJson(name)}.`));
  }
  return ok({ kind: 'json-schema', name, schema, strict });
};
