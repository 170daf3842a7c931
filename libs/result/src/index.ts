export { type Result, type Ok, type Err, ok, err, expectOk } from './result';
export { type JsonObject, isJsonObject } from './json-object';
