import { type Provider } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { SharedSessions } from '@tsukimi/conductor';
import { type SessionAffinity } from '@tsukimi/scheduler';
import { LOGGER, shutdownTask } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { connectRedis } from '../redis.connection';
import { RedisSessionStore } from './redis-session.store';

/** The conductor's SharedSessions, or undefined without `--redis-url`: then each conductor keeps its sessions alone. */
export const SHARED_SESSIONS = Symbol('SHARED_SESSIONS');

interface SessionSettings {
  readonly redisUrl?: string | undefined;
  readonly redisPrefix: string;
}

const SESSION_STORE = { store: 'session store', whileUnreachable: 'each conductor keeps its own sessions until it is back' };

/** Session affinity shared through Redis when `--redis-url` names one, over `map`, the session map every scheduler of this conductor reads. */
export function sessionProviders(config: SessionSettings, map: SessionAffinity): Provider[] {
  let redis: Redis | undefined;
  return [
    {
      provide: SHARED_SESSIONS,
      inject: [LOGGER],
      useFactory: (logger: Logger): SharedSessions | undefined => {
        if (config.redisUrl === undefined) return undefined;
        redis = connectRedis(config.redisUrl, logger, SESSION_STORE);
        return new SharedSessions(new RedisSessionStore(redis, { prefix: config.redisPrefix, ttlMs: map.options.ttlMs }), map);
      },
    },
    shutdownTask('session store', async () => {
      await redis?.quit().catch(() => redis?.disconnect());
    }),
  ];
}
