import { type Clock } from '@tsukimi/telemetry';
import { type Random } from '../common/random';
import { type MetadataStore } from '../metadata/metadata-store.port';
import { type EntryWriter } from './entry.writer';
import { type CompiledStoreMasterOptions } from './store-master.options';

/** What every master collaborator shares. */
export interface MasterContext {
  readonly store: MetadataStore;
  readonly writer: EntryWriter;
  /** Wall-clock `nowMs()`: leases, pins and heartbeats are stored times that a standby master must read the same way. */
  readonly clock: Clock;
  readonly random: Random;
  readonly options: CompiledStoreMasterOptions;
}
