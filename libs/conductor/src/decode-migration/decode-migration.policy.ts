import { type GatewayFailure } from '../gateway.ports';

/**
 * What became of a request whose decode instance failed after it had streamed tokens: `migrated`
 * to another decode instance, which resumes it; ended with an error because `disabled`
 * (`--decode-migration=false`), or because `no-instance` was left to take it (attempts spent, or
 * none routable); or `not-migratable`, a failure the instance answered itself (it refused or
 * broke the request), which another instance would not fix.
 */
export type DecodeMigrationOutcome = 'migrated' | 'disabled' | 'no-instance' | 'not-migratable';

/** Every outcome, for series that should read 0 before their first count. */
export const DECODE_MIGRATION_OUTCOMES: readonly DecodeMigrationOutcome[] = ['migrated', 'disabled', 'no-instance', 'not-migratable'];

/**
 * Whether a decode failure means the instance is gone or stuck (refused connection, reset
 * stream, silent past the idle timeout) rather than that it answered with an error: only then
 * is it marked down and the request moved.
 */
export function instanceLost(failure: GatewayFailure): boolean {
  return failure.kind === 'unavailable' || failure.kind === 'timeout';
}
