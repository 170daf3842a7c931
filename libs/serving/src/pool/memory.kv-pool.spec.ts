import { runKvPoolClientContract } from './kv-pool-client.contract';
import { MemoryKvPool } from './memory.kv-pool';

runKvPoolClientContract('in-memory', async () => ({ pool: new MemoryKvPool('memory-node'), nodeId: 'memory-node', close: async () => undefined }));
