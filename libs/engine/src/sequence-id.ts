/** Identifies one sequence inside one engine. */
export type SequenceId = number & { readonly __brand: 'SequenceId' };
