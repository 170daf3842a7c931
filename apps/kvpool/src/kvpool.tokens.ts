export const RUNTIME = Symbol('RUNTIME');
export const COORDINATOR = Symbol('COORDINATOR');
export const KVPOOL_CONFIG = Symbol('KVPOOL_CONFIG');
