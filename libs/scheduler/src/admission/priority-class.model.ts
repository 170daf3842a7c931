/** How much a request matters when the cluster cannot serve everyone: lower classes are turned away first. */
export type PriorityClass = 'high' | 'normal' | 'low';

export const PRIORITY_CLASSES: readonly PriorityClass[] = ['high', 'normal', 'low'];

/**
 * Per class, the factor applied to the TTFT and TBT targets before admission judges a request:
 * under 1 a class is refused while the cluster can still meet the targets for others, over 1 a
 * class is admitted a little late rather than dropped.
 */
export type PrioritySloScale = Readonly<Record<PriorityClass, number>>;

export const DEFAULT_PRIORITY_SLO_SCALE: PrioritySloScale = { high: 1.25, normal: 1, low: 0.75 };
