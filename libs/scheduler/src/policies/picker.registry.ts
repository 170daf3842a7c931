import { type InstancePicker } from '../schedule.model';
import { LeastLoadedPicker } from './least-loaded.picker';
import { PrefixAwarePicker } from './prefix-aware.picker';
import { RoundRobinPicker } from './round-robin.picker';

/** Policies selectable by name in configuration. */
export const PICKERS = {
  'round-robin': () => new RoundRobinPicker(),
  'least-loaded': () => new LeastLoadedPicker(),
  'prefix-aware': () => new PrefixAwarePicker(),
} as const satisfies Record<string, () => InstancePicker>;

export type PickerName = keyof typeof PICKERS;

export const PICKER_NAMES = Object.keys(PICKERS) as PickerName[];
