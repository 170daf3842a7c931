/** What one probe at a rate found: the share of its requests within both SLOs. */
export type CapacityProbe = (ratePerS: number) => Promise<number>;

export interface CapacitySearch {
  readonly startRatePerS: number;
  /** A rate passes when at least this share of its requests meets both SLOs. */
  readonly targetShare: number;
  /** Bisection steps once a passing and a failing rate bracket capacity. */
  readonly refineSteps: number;
  /** At most this many doublings (or halvings) to find the bracket. */
  readonly maxSteps: number;
}

export interface CapacityFound {
  /** The highest rate that passed; 0 when none did. */
  readonly ratePerS: number;
  readonly probes: readonly { readonly ratePerS: number; readonly share: number }[];
}

/**
 * A short step search: double (or halve) from the start until one rate passes and the next fails,
 * then bisect between them. Each rate is probed once; near capacity a probe is noisy, so the
 * answer is a step of this search, not a precise knee.
 */
export async function searchCapacity(probe: CapacityProbe, options: CapacitySearch): Promise<CapacityFound> {
  const probes: { ratePerS: number; share: number }[] = [];
  const passes = async (ratePerS: number) => {
    const share = await probe(ratePerS);
    probes.push({ ratePerS, share });
    return share >= options.targetShare;
  };
  let low = 0;
  let high = Infinity;
  let rate = options.startRatePerS;
  for (let step = 0; step < options.maxSteps && (low === 0 || high === Infinity); step++) {
    if (await passes(rate)) {
      low = rate;
      if (high === Infinity) rate *= 2;
    } else {
      high = rate;
      if (low === 0) rate /= 2;
    }
  }
  if (low === 0 || high === Infinity) return { ratePerS: low, probes };
  for (let step = 0; step < options.refineSteps; step++) {
    const middle = (low + high) / 2;
    if (await passes(middle)) low = middle;
    else high = middle;
  }
  return { ratePerS: low, probes };
}
