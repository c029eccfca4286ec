/** The value at quantile q (0..1) of the numbers, by nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** The median of the numbers. */
export const median = (values) => quantile(values, 0.5);

/** Runs ours and baseline alternately `rounds` times; returns the best of each. */
export async function bestOfAlternating(rounds, measureOurs, measureBaseline) {
  const ours = [];
  const baseline = [];
  for (let i = 0; i < rounds; i++) {
    baseline.push(await measureBaseline());
    ours.push(await measureOurs());
  }
  return {
    ours: Math.max(...ours),
    baseline: Math.max(...baseline),
    oursAll: ours,
    baselineAll: baseline,
  };
}
