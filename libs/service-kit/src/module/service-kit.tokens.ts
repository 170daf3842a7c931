/** Injection token of the service's `Logger` (from @tsukimi/telemetry): `@Inject(LOGGER) logger: Logger`. */
export const LOGGER = Symbol('tsukimi:logger');

/** Injection token of the service's `Clock` (from @tsukimi/telemetry): `@Inject(CLOCK) clock: Clock`. */
export const CLOCK = Symbol('tsukimi:clock');
