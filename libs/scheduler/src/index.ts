export { type InstanceId, type InstanceRole, type InstanceSnapshot, instanceId } from './instance.model';
export { type ScheduleRequest, type ClusterSnapshot, type ScheduleDecision, type RejectReason, type InstancePicker } from './schedule.model';
export { Scheduler, type SchedulerOptions } from './scheduler';
export { PICKERS, PICKER_NAMES, type PickerName } from './policies/picker.registry';
export { LeastLoadedPicker, byLoad } from './policies/least-loaded.picker';
export { RoundRobinPicker } from './policies/round-robin.picker';
export { PrefixAwarePicker } from './policies/prefix-aware.picker';
export { DevicePrefixIndex } from './index/device-prefix.index';
