export { RedisServerProcess, type RedisServerOptions } from './src/testing/redis-server.process';
export { connectClient, freshPrefix } from './src/testing/redis.fixture';
