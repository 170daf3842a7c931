/** Injection tokens of the conductor's domain objects, which are not Nest classes. */
export const REGISTRY = Symbol('REGISTRY');
export const PIPELINE = Symbol('PIPELINE');
export const CONDUCTOR_CONFIG = Symbol('CONDUCTOR_CONFIG');
export const CATALOG = Symbol('CATALOG');
/** The planner's load meter, fed by the request path; provided only with the planner on. */
export const PLANNER_LOAD = Symbol('PLANNER_LOAD');
