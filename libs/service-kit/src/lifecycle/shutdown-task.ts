import { type Provider } from '@nestjs/common';

/**
 * A provider whose only job is to release something the app's main.ts created (pool
 * clients, transports, servers) when Nest closes the app, which happens after the drain.
 */
export function shutdownTask(name: string, task: () => Promise<void> | void): Provider {
  return { provide: Symbol(`shutdown:${name}`), useValue: { onApplicationShutdown: async () => task() } };
}
