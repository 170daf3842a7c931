import { type InstancePicker } from '../schedule.model';
import { KvCacheCentricPicker, type KvCacheCentricOptions } from './kvcache-centric.picker';
import { LeastLoadedPicker } from './least-loaded.picker';
import { PrefixAwarePicker } from './prefix-aware.picker';
import { RoundRobinPicker } from './round-robin.picker';

/** What a policy may be built with; policies that estimate nothing ignore it. */
export type PickerOptions = KvCacheCentricOptions;

/** Policies selectable by name in configuration. */
export const PICKERS = {
  'round-robin': (_options?: PickerOptions) => new RoundRobinPicker(),
  'least-loaded': (_options?: PickerOptions) => new LeastLoadedPicker(),
  'prefix-aware': (_options?: PickerOptions) => new PrefixAwarePicker(),
  'kvcache-centric': (options?: PickerOptions) => new KvCacheCentricPicker(options),
} as const satisfies Record<string, (options?: PickerOptions) => InstancePicker>;

export type PickerName = keyof typeof PICKERS;

export const PICKER_NAMES = Object.keys(PICKERS) as PickerName[];
