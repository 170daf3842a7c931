const MIN_PREFIX_LENGTH = 4;

/**
 * The candidate nearest to `name`, if near enough to be a likely typo: a small edit distance,
 * or one being a prefix of the other (`blockSize` for `blockSizeTokens`). Leading dashes of
 * flags do not count towards a prefix.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = isPrefixPair(name, candidate) ? 1 : editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function isPrefixPair(a: string, b: string): boolean {
  const [coreA, coreB] = [a.replace(/^-+/, ''), b.replace(/^-+/, '')];
  return Math.min(coreA.length, coreB.length) >= MIN_PREFIX_LENGTH && (coreA.startsWith(coreB) || coreB.startsWith(coreA));
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
