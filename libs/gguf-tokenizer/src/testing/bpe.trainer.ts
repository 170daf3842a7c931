/**
 * Trains `count` BPE merges on `words` (each a list of symbols): each round joins the most
 * frequent adjacent pair, ties broken by the pair's text so that training is deterministic.
 * Returns the merges in order as "left right".
 */
export function trainMerges(words: readonly string[][], count: number): string[] {
  const current = words.map((w) => [...w]);
  const merges: string[] = [];
  while (merges.length < count) {
    const pairs = new Map<string, number>();
    for (const word of current) {
      for (let i = 0; i + 1 < word.length; i++) {
        const key = `${word[i]} ${word[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
    let best: string | undefined;
    for (const [key, n] of pairs) {
      const top = best === undefined ? 0 : pairs.get(best)!;
      if (n > top || (n === top && best !== undefined && key < best)) best = key;
    }
    if (best === undefined) break;
    merges.push(best);
    const [left, right] = splitMerge(best);
    for (const word of current) {
      for (let i = 0; i + 1 < word.length; i++) {
        if (word[i] === left && word[i + 1] === right) word.splice(i, 2, left + right);
      }
    }
  }
  return merges;
}

export function splitMerge(merge: string): [string, string] {
  const space = merge.indexOf(' ', 1);
  return [merge.slice(0, space), merge.slice(space + 1)];
}
