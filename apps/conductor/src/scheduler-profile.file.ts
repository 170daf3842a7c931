import { err, type Result } from '@tsukimi/result';
import { readSchedulerProfileFile, type SchedulerProfileConfig } from '@tsukimi/scheduler';

/** The scheduler profile file the configuration names, read and checked whole; the error is one line naming the option and the key. */
export function readSchedulerProfile(path: string): Result<SchedulerProfileConfig, string> {
  const read = readSchedulerProfileFile(path);
  return read.ok ? read : err(`schedulerProfile: ${read.error}`);
}
