// Full or quick. `pnpm bench --quick` (BENCH_QUICK=1 in the figures' processes) runs every
// figure once with small counts, to prove that each figure still produces a result; its
// numbers mean nothing.

/** True in quick mode. */
export const quick = process.env.BENCH_QUICK === '1';

/** `full` in a full run, `small` in quick mode: `const rounds = size(9, 1)`. */
export const size = (full, small) => (quick ? small : full);
