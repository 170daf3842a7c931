import { addressField } from './address.field';
import { addressListField } from './address-list.field';
import { byteSizeField } from './byte-size.field';
import { durationField } from './duration.field';
import { listField } from './list.field';
import { numberListField } from './number-list.field';
import { booleanField, intField, numberField } from './scalar.fields';
import { enumField, stringField } from './text.fields';

/**
 * The field kinds a schema is written in. Each takes a one-line `description` and either a
 * `default`, `optional: true`, or neither (required):
 *
 *     port: field.int({ min: 1, max: 65535, default: 8080, description: 'HTTP port' })
 */
export const field = {
  int: intField,
  number: numberField,
  boolean: booleanField,
  string: stringField,
  enum: enumField,
  duration: durationField,
  byteSize: byteSizeField,
  address: addressField,
  addressList: addressListField,
  list: listField,
  numberList: numberListField,
} as const;
