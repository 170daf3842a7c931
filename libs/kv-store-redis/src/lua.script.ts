import { createHash } from 'node:crypto';
import { type Redis } from 'ioredis';

/**
 * A Lua script run by its SHA1 (EVALSHA), so its source crosses the wire only when the server
 * has not seen it (first use, or after a restart or SCRIPT FLUSH), and then once, by EVAL.
 */
export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }

  /** Caches the script on the server ahead of first use. */
  async load(redis: Redis): Promise<void> {
    await redis.script('LOAD', this.source);
  }
}
