/** Injection tokens of the prefill app's domain objects, which are not Nest classes. */
export const ENGINE = Symbol('ENGINE');
export const PREFILL_WORKER = Symbol('PREFILL_WORKER');
export const INSTANCE_ID = Symbol('INSTANCE_ID');
export const DEVICE_LOG = Symbol('DEVICE_LOG');
export const ENGINE_TIMINGS = Symbol('ENGINE_TIMINGS');
export const PREFIX_WARMER = Symbol('PREFIX_WARMER');
