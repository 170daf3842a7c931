/**
 * What the gaps between tokens at the client showed of the step-time model: a gap is
 * `overheadMs + stepScale × modelled step`, plus the chunk of a prompt run whole there when one
 * is queued (prefill work, scaled as TTFTs show it or as the step is, whichever is larger). The overhead is what
 * every gap holds whatever the batch (the token's way through the processes, scheduling jitter
 * on a loaded host); the scale is how far the engine's real step runs from its profile as the
 * batch grows. One factor alone took a fixed cost for a batch-dependent one and multiplied it
 * with the batch.
 */
export interface GapCalibration {
  readonly overheadMs: number;
  readonly stepScale: number;
}

export const NO_GAP_CALIBRATION: GapCalibration = { overheadMs: 0, stepScale: 1 };
