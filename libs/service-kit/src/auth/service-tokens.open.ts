import { isIP } from 'node:net';
import { type Logger } from '@tsukimi/telemetry';
import { ServiceTokensFile } from './service-tokens.file';

export interface ServiceTokenSettings {
  /** The interface the service listens on: without tokens, only loopback is quiet. */
  readonly host: string;
  readonly serviceTokenFile?: string;
}

/**
 * The service tokens the configuration names, kept current, or undefined when it names none.
 * A file that cannot be read or holds no token stops the service: one log line naming
 * `--service-token-file`, exit 1. Without a file on a non-loopback address, warns once: any
 * peer that reaches the ports is trusted.
 */
export function openServiceTokensOrExit(settings: ServiceTokenSettings, logger: Logger): ServiceTokensFile | undefined {
  if (settings.serviceTokenFile === undefined) {
    if (!isLoopbackHost(settings.host)) {
      logger.warn('no service token: every peer that reaches this service is trusted', { host: settings.host, fix: 'give --service-token-file' });
    }
    return undefined;
  }
  const opened = ServiceTokensFile.open(settings.serviceTokenFile, {
    onReloaded: (tokenCount) => logger.info('service tokens reloaded', { tokenCount }),
    onReloadFailed: (reason) => logger.warn('service token file change ignored, the tokens in force stay', { reason }),
  });
  if (opened.ok) return opened.value;
  logger.error('service failed to start', { reason: opened.error });
  return process.exit(1);
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}
