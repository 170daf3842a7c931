import { defineSchema, field } from '@tsukimi/config';
import { requestDrain, ServiceTokensFile } from '@tsukimi/service-kit';
import { type CliCommand, UsageError } from '../cli-command';
import { commandConfig } from '../cli-config';

const USAGE = 'usage: tsukimi drain <service http address> [--service-token-file <file>] [--timeout-ms <ms>]';

const schema = defineSchema({
  serviceTokenFile: field.string({ optional: true, description: 'The cluster\'s service token file; its first token is sent (the service demands one when it has a token file)' }),
  timeoutMs: field.duration({ min: 1, default: 120_000, description: 'How long to wait for the service to finish draining: its --shutdown-timeout-ms plus its handover budget' }),
});

/**
 * `tsukimi drain <url>`: asks a prefill, decode or kvpool process to drain without exiting (its
 * POST /admin/drain) and prints its report as one JSON line once it has. A failure is one line on
 * stderr and a non-zero exit.
 */
export const drainCommand: CliCommand = {
  path: ['drain'],
  summary: 'Drain a service (unready, in-flight work finished, its blocks handed over) without stopping it',
  async run(argv) {
    const address = argv[0];
    if (address === undefined || address.startsWith('-')) {
      if (address === '--help' || address === '-h') {
        process.stdout.write(`${USAGE}\n`);
        return 0;
      }
      throw new UsageError(USAGE);
    }
    const parsed = commandConfig(schema, argv.slice(1), 'tsukimi drain', process.env);
    if (parsed.kind === 'help') {
      process.stdout.write(`${USAGE}\n${parsed.text}`);
      return 0;
    }
    const { serviceTokenFile, timeoutMs } = parsed.config;
    let token: string | undefined;
    if (serviceTokenFile !== undefined) {
      const tokens = ServiceTokensFile.open(serviceTokenFile);
      if (!tokens.ok) throw new UsageError(`--service-token-file: ${tokens.error}`);
      token = tokens.value.sending();
      tokens.value.close();
    }
    const report = await requestDrain(address, { token, timeoutMs });
    if (!report.ok) {
      process.stderr.write(`tsukimi: drain ${report.error.kind}: ${report.error.message}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(report.value)}\n`);
    return 0;
  },
};
