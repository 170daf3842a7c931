import { type ServiceExit } from '@tsukimi/service-kit';

export type ClusterStartErrorCode = 'invalid-options' | 'missing-service' | 'exited' | 'not-ready' | 'aborted';

/**
 * The cluster could not be started. Everything that had been started is stopped before this
 * is thrown; `service` and `lastLines` say where to look.
 */
export class ClusterStartError extends Error {
  override readonly name = 'ClusterStartError';

  constructor(
    readonly code: ClusterStartErrorCode,
    message: string,
    readonly details: { readonly service?: string; readonly exit?: ServiceExit; readonly lastLines?: readonly string[]; readonly logFile?: string } = {},
  ) {
    super(message);
  }
}
