// Build-time data of the performance page: the benchmark figures of `pnpm bench`.
// bench/.results/latest.json (git-ignored, written by a local `pnpm bench`) wins when it exists;
// otherwise the committed snapshot apps/docs/data/bench.json is used.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One figure of `pnpm bench`: ours beside raw node-datachannel (or `ws`) in the same run. */
export interface BenchFigure {
  id: string;
  ours: number;
  baseline: number;
  unit: string;
  /** The median of the per-round ratios ours / baseline (or ours / baseline, without rounds). */
  ratio: number;
  /** The spread of the per-round ratios: interquartile range from 8 rounds, else min to max. */
  spread?: [number, number];
  /** Rounds counted. */
  rounds?: number;
  target: string;
  /** Targets on notes (a p90, say), each judged. */
  checks?: { key: string; target: string; value: number; met: boolean }[];
  /** Whether the target (and every check) was met; null for a figure shown for context. */
  met: boolean | null;
  extra?: Record<string, number | string>;
}

/** One run of `pnpm bench`, and where it came from. */
export interface BenchRun {
  date: string;
  machine: {
    node: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel?: string;
    memoryGiB?: number;
    /** The load average (1, 5, 15 minutes) when the run started and ended: a shared machine shows here. */
    loadAverageStart?: number[];
    loadAverageEnd?: number[];
  };
  /** The commit measured, when the run recorded it. */
  commit?: string;
  command?: string;
  /** What the snapshot's author wants a reader to know about the run. */
  note?: string;
  results: BenchFigure[];
  source: 'bench/.results/latest.json' | 'apps/docs/data/bench.json';
}

const latest = fileURLToPath(new URL('../../../../bench/.results/latest.json', import.meta.url));
const snapshot = fileURLToPath(new URL('../../data/bench.json', import.meta.url));

declare const data: BenchRun | null;

export { data };

export default {
  watch: [latest, snapshot],
  load(): BenchRun | null {
    for (const [file, source] of [
      [latest, 'bench/.results/latest.json'],
      [snapshot, 'apps/docs/data/bench.json'],
    ] as const) {
      if (!existsSync(file)) continue;
      const run = JSON.parse(readFileSync(file, 'utf8')) as Omit<BenchRun, 'source'>;
      if (!Array.isArray(run.results) || run.results.length === 0) continue;
      // A local run's file does not say how it was started; the snapshot says so itself.
      const command =
        source === 'apps/docs/data/bench.json'
          ? (run.command ?? 'pnpm build && pnpm bench')
          : 'pnpm bench';
      return { ...run, command, source };
    }
    return null;
  },
};
