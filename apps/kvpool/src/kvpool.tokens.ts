export const POOL = Symbol('POOL');
export const NODE_DIRECTORY = Symbol('NODE_DIRECTORY');
export const KVPOOL_CONFIG = Symbol('KVPOOL_CONFIG');
