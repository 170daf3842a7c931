import * as os from 'node:os';
import { type InstanceRole } from '@tsukimi/scheduler';

/** The configured id, else one that is unique per process: `<role>-<host>-<pid>`. */
export function resolveInstanceId(role: InstanceRole, configured: string | undefined): string {
  return configured ?? `${role}-${os.hostname()}-${process.pid}`;
}
