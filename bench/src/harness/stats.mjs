// The statistics every figure reports: medians, quantiles, and ours against the baseline in
// interleaved rounds, so that a burst of load on a shared machine hits both sides alike.
import { withTimeout } from './time-limit.mjs';

/** The value at quantile q (0..1) of the numbers, by nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** The median of the numbers (the mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The spread of the numbers as [lower, upper]: the interquartile range (25th to 75th
 * percentile) from 8 values on, the whole range (min to max) below that, where quartiles by
 * rank would be the extremes anyway.
 */
export function spread(values) {
  if (values.length < 8) return [Math.min(...values), Math.max(...values)];
  return [quantile(values, 0.25), quantile(values, 0.75)];
}

/**
 * Runs `ours()` and `baseline()` in `rounds` interleaved rounds: the baseline first in even
 * rounds, ours first in odd ones, so neither side always runs on a warmer or a more loaded
 * machine. Each call is bounded by `roundTimeoutMs`; a call that throws or times out (a
 * baseline that failed to open, say) is retried up to `attempts` times and counted in
 * `retries`, and a round whose side fails every attempt is dropped and counted in
 * `droppedRounds`: never fatal, unless no round at all succeeds.
 *
 * Returns the median of each side, and the median with its spread of the per-round ratios
 * ours / baseline (each round's two runs share the machine's load at that moment, so the
 * ratio of a round is steadier than the ratio of the medians).
 *
 * `warmup` rounds run first and are not counted (JIT, allocator, the client's own code).
 */
export async function interleave({
  rounds,
  ours,
  baseline,
  roundTimeoutMs = 60_000,
  attempts = 3,
  warmup = 0,
}) {
  const retries = { ours: 0, baseline: 0 };
  let droppedRounds = 0;
  const oursAll = [];
  const baselineAll = [];
  const ratios = [];
  const attempt = async (side, run, round) => {
    for (let i = 1; ; i++) {
      try {
        return await withTimeout(run(round), roundTimeoutMs, `${side}, round ${round}`);
      } catch (error) {
        process.stderr.write(
          `  ${side} failed in round ${round} (attempt ${i}): ${error.message}\n`,
        );
        if (i === attempts) return undefined;
        retries[side]++;
      }
    }
  };
  for (let round = -warmup; round < rounds; round++) {
    const order = (round & 1) === 0 ? ['baseline', 'ours'] : ['ours', 'baseline'];
    const value = {};
    for (const side of order) {
      value[side] = await attempt(side, side === 'ours' ? ours : baseline, round);
      if (value[side] === undefined) break;
    }
    if (round < 0) continue;
    if (value.ours === undefined || value.baseline === undefined) {
      droppedRounds++;
      continue;
    }
    oursAll.push(value.ours);
    baselineAll.push(value.baseline);
    ratios.push(value.ours / value.baseline);
  }
  if (ratios.length === 0) throw new Error(`no round succeeded of ${rounds}`);
  return {
    ours: median(oursAll),
    baseline: median(baselineAll),
    ratio: median(ratios),
    spread: spread(ratios),
    rounds: ratios.length,
    retries,
    droppedRounds,
    oursAll,
    baselineAll,
  };
}

/**
 * The fields of an {@link interleave} result a figure returns to the runner, with `extra`
 * notes: drops the per-round lists (kept only when `keepRounds`).
 */
export function report(result, extra = {}) {
  const { oursAll: _o, baselineAll: _b, retries, droppedRounds, ...rest } = result;
  const counted = {};
  if (retries.ours) counted.retriedOurs = retries.ours;
  if (retries.baseline) counted.retriedBaseline = retries.baseline;
  if (droppedRounds) counted.droppedRounds = droppedRounds;
  return { ...rest, extra: { ...counted, ...extra } };
}
