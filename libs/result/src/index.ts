export { type Result, type Ok, type Err, ok, err, expectOk } from './result';
