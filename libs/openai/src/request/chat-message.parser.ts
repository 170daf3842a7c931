import { err, ok } from '@tsukimi/result';
import { invalidRequest } from '../errors/api-error.builders';
import {
  asArray,
  asObject,
  asString,
  clipText,
  missingParameter,
  optional,
  readFields,
  required,
  unsupported,
  wrongType,
  type Parsed,
  type Reader,
} from './json.reader';
import { type ChatMessage, type ChatRole } from './request.model';

const ROLES: readonly ChatRole[] = ['system', 'developer', 'user', 'assistant'];

/** Joins text content parts, as vLLM does for templates that take plain strings. */
export const CONTENT_PART_SEPARATOR = '\n';

const asRole: Reader<ChatRole> = (value, param) => {
  const role = asString(value, param);
  if (!role.ok) return role;
  const known = ROLES.find((r) => r === role.value);
  if (known !== undefined) return ok(known);
  if (role.value === 'tool' || role.value === 'function') {
    return err(unsupported(param, `does not support '${role.value}': this server does not run tools.`));
  }
  const supported = ROLES.map((r) => `'${r}'`).join(', ');
  const message = `Invalid value for '${param}': '${clipText(role.value)}'. Supported values are: ${supported}.`;
  return err(invalidRequest(message, param, 'invalid_value'));
};

const asContentPart: Reader<string> = (value, param) => {
  const object = asObject(value, param);
  if (!object.ok) return object;
  const part = readFields(object.value, { type: required(asString), text: optional(asString, undefined) }, param);
  if (!part.ok) return part;
  if (part.value.type !== 'text') {
    return err(unsupported(`${param}.type`, `does not support '${clipText(part.value.type)}': this model reads text content parts only.`));
  }
  if (part.value.text === undefined) return err(missingParameter(`${param}.text`));
  return ok(part.value.text);
};

const asContent: Reader<string> = (value, param) => {
  if (typeof value === 'string') return ok(value);
  const parts = asArray(value, param);
  if (!parts.ok) return err(wrongType(param, 'a string or an array of content parts', value));
  const texts: string[] = [];
  for (const [i, item] of parts.value.entries()) {
    const text = asContentPart(item, `${param}[${i}]`);
    if (!text.ok) return text;
    texts.push(text.value);
  }
  return ok(texts.join(CONTENT_PART_SEPARATOR));
};

/**
 * One message of `messages`: a role this server renders, text content (a string or text parts),
 * and an optional name. `param` is the message's path, e.g. `messages[2]`.
 */
export function asChatMessage(value: unknown, param: string): Parsed<ChatMessage> {
  const object = asObject(value, param);
  if (!object.ok) return object;
  const fields = readFields(
    object.value,
    {
      role: required(asRole),
      content: optional(asContent, undefined),
      name: optional(asString, undefined),
      tool_calls: optional(asArray, []),
    },
    param,
  );
  if (!fields.ok) return fields;
  const { role, content, name, tool_calls } = fields.value;
  if (tool_calls.length > 0) return err(unsupported(`${param}.tool_calls`, 'is not supported: this server does not run tools.'));
  if (content === undefined && role !== 'assistant') return err(missingParameter(`${param}.content`));
  return ok({ role, content: content ?? '', ...(name === undefined ? {} : { name }) });
}
