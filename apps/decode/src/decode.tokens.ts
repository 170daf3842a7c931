/** Injection tokens of the decode app's domain objects, which are not Nest classes. */
export const ENGINE = Symbol('ENGINE');
export const DECODE_BATCHER = Symbol('DECODE_BATCHER');
export const INSTANCE_ID = Symbol('INSTANCE_ID');
export const DEVICE_LOG = Symbol('DEVICE_LOG');
export const ENGINE_TIMINGS = Symbol('ENGINE_TIMINGS');
