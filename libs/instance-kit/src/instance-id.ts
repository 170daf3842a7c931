import * as os from 'node:os';

/** The configured id, else one that is unique per process: `<role>-<host>-<pid>`. */
export function resolveInstanceId(role: 'prefill' | 'decode', configured: string | undefined): string {
  return configured ?? `${role}-${os.hostname()}-${process.pid}`;
}
