/**
 * How a service's process ended, as Node's `exit` event reports it: an exit code, or the signal
 * that killed it (the other one is null).
 */
export interface ServiceExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}
