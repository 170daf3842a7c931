import { DECODE_MIGRATION_OUTCOMES, type DecodeMigrationOutcome } from '@tsukimi/conductor';
import { type Metrics } from '@tsukimi/service-kit';

/** What became of requests whose decode instance failed mid-stream, as `tsukimi_conductor_decode_migrations_total`. */
export function decodeMigrationMetrics(m: Metrics): (outcome: DecodeMigrationOutcome) => void {
  const migrations = m.get('tsukimi_conductor_decode_migrations_total');
  // Each outcome's series exists from the start, so that rate() counts its first one too.
  for (const outcome of DECODE_MIGRATION_OUTCOMES) migrations.inc({ outcome }, 0);
  return (outcome) => migrations.inc({ outcome });
}
