/** Injection tokens of the conductor's domain objects, which are not Nest classes. */
export const REGISTRY = Symbol('REGISTRY');
export const PIPELINE = Symbol('PIPELINE');
export const CONDUCTOR_CONFIG = Symbol('CONDUCTOR_CONFIG');
export const CATALOG = Symbol('CATALOG');
