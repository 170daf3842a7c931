import { seededRandom } from '../common/random';
import { MemoryMetadataStore } from './memory-metadata.store';
import { runMetadataStoreContract } from './metadata-store.contract';

runMetadataStoreContract('memory', async ({ eventRetention }) => ({ store: new MemoryMetadataStore({ eventRetention, random: seededRandom(1) }) }));
