// Judges a measured figure against its targets: the ratio's, and each check on a note (a p90,
// a heap per object), so no printed target goes unjudged.

/** True when `value` meets `target` ('>= 0.95', '<= 1.05', '< 50'). */
function meets(value, target) {
  const [op, limit] = target.split(' ');
  const n = Number(limit);
  if (op === '>=') return value >= n;
  if (op === '<=') return value <= n;
  if (op === '<') return value < n;
  if (op === '>') return value > n;
  throw new Error(`unknown target ${JSON.stringify(target)}`);
}

/**
 * The result of one figure as the runner records it. `ratio` is the figure's median of
 * per-round ratios when it gives one, else ours / baseline; `met` is null for an 'info'
 * figure, else whether the ratio and every check (`figure.checks`: `{ key, target }` on
 * `measured.extra[key]`) meet their targets.
 */
export function judge(figure, measured) {
  const { ours, baseline, extra, spread, rounds } = measured;
  const ratio = measured.ratio ?? ours / baseline;
  const checks = (figure.checks ?? []).map(({ key, target }) => {
    const value = extra?.[key];
    return { key, target, value, met: typeof value === 'number' && meets(value, target) };
  });
  const ratioMet = figure.target === 'info' ? null : meets(ratio, figure.target);
  const met =
    ratioMet === null && checks.length === 0
      ? null
      : (ratioMet ?? true) && checks.every((c) => c.met);
  return {
    id: figure.id,
    ours,
    baseline,
    unit: figure.unit,
    ratio,
    ...(spread && { spread }),
    ...(rounds !== undefined && { rounds }),
    target: figure.target,
    ...(checks.length > 0 && { checks }),
    met,
    ...(extra && Object.keys(extra).length > 0 && { extra }),
  };
}
