// How often a fresh loopback connection opens with the CPU busy: @rxdc/core (whose native layer
// releases an offerer's candidates only after its answer is applied) against raw
// node-datachannel, interleaved batch by batch in the same run (bench/src/open-failures.mjs).
// Opens per mode: BENCH_OPEN_COUNT (default 300); each batch runs in a child process.
import { size } from '../harness/mode.mjs';
import { measureOpenFailures } from '../open-failures.mjs';

const count = size(Number(process.env.BENCH_OPEN_COUNT ?? 300), 4);

export default [
  {
    id: 'core.open.failures',
    unit: 'opened',
    // Successful opens of rxdc over raw's: at least as many (the failures are in the notes).
    target: '>= 1.00',
    async measure() {
      const summary = await measureOpenFailures({
        count,
        busy: size(2, 0),
        batch: size(50, 4),
        modes: ['raw', 'core'],
        log: () => {},
      });
      const { raw, core } = summary;
      return {
        ours: core.opens - core.failures,
        baseline: raw.opens - raw.failures,
        extra: {
          opens: count,
          failedRxdc: core.failures,
          failedRaw: raw.failures,
          abortsRaw: raw.aborts,
          p90MsRxdc: core.p90Ms,
          p90MsRaw: raw.p90Ms,
        },
      };
    },
  },
];
