import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Provider } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { LiveConductors } from '@tsukimi/conductor';
import { LOGGER, shutdownTask } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { connectRedis } from '../redis.connection';
import { RedisConductorRoster } from './redis-conductor.roster';

const ROSTER = Symbol('ROSTER');

interface RosterSettings {
  readonly redisUrl?: string | undefined;
  readonly redisPrefix: string;
}

/** How often each conductor checks in, and how long one unseen still counts: three missed check-ins. */
const CHECK_IN_INTERVAL_MS = 1_000;
const LAPSE_MS = 3 * CHECK_IN_INTERVAL_MS;

const ROSTER_STORE = { store: 'conductor roster', whileUnreachable: 'tenant fair shares use the last count of conductors until it is back' };

/**
 * With `--redis-url`, this conductor checks in with the roster every second and hands `onLive`
 * the count of conductors alive, which tenant fair shares divide the cluster by; without it, the
 * conductor counts itself alone.
 */
export function rosterProviders(config: RosterSettings, onLive: (live: LiveConductors) => void): Provider[] {
  let redis: Redis | undefined;
  let timer: NodeJS.Timeout | undefined;
  return [
    {
      provide: ROSTER,
      inject: [LOGGER],
      useFactory: (logger: Logger): LiveConductors | undefined => {
        if (config.redisUrl === undefined) return undefined;
        redis = connectRedis(config.redisUrl, logger, ROSTER_STORE);
        const live = new LiveConductors(new RedisConductorRoster(redis, { prefix: config.redisPrefix, lapseMs: LAPSE_MS }), `${hostname()}:${process.pid}:${randomUUID()}`, () => Date.now());
        onLive(live);
        let checking = false;
        timer = setInterval(() => {
          if (checking) return;
          checking = true;
          // Failures are the connection's, which it logs as it changes; the count stays as it was.
          void live.checkIn().finally(() => (checking = false));
        }, CHECK_IN_INTERVAL_MS).unref();
        return live;
      },
    },
    shutdownTask('conductor roster', async () => {
      clearInterval(timer);
      await redis?.quit().catch(() => redis?.disconnect());
    }),
  ];
}
