/**
 * A statistics report (WebRTC 1.0 `RTCStatsReport`): a read-only map from each stats
 * object's `id` to the object.
 *
 * @example
 * ```ts
 * import type { RTCStatsReport } from '@rxdc/webrtc';
 * declare const report: RTCStatsReport;
 * for (const stats of report.values()) if (stats.type === 'data-channel') console.log(stats);
 * ```
 */
export type RTCStatsReport = ReadonlyMap<string, RTCStats>;

/**
 * One stats object: `id`, `type`, `timestamp` and the type's own fields (webrtc-stats).
 *
 * @example
 * ```ts
 * import type { RTCStats } from '@rxdc/webrtc';
 * const stats: RTCStats = { id: 'P', type: 'peer-connection', timestamp: 0 };
 * ```
 */
export interface RTCStats {
  /** Unique within the report. */
  id: string;
  /** peer-connection, data-channel, transport, candidate-pair, local-candidate, remote-candidate. */
  type: string;
  /** When it was read (performance.timeOrigin + performance.now()). */
  timestamp: number;
  /** The type's own fields. */
  [field: string]: unknown;
}

/** The report class: a Map whose entries are set once, when it is built. @internal */
export class StatsReport extends Map<string, RTCStats> {
  /** Adds one stats object. */
  add(stats: RTCStats): void {
    super.set(stats.id, stats);
  }
}
