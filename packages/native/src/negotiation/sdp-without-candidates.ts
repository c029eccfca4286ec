/**
 * The SDP without its `a=candidate:` and `a=end-of-candidates` lines. libdatachannel writes
 * the candidates it gathered so far into `localDescription()`; a description handed out while
 * {@link LocalCandidateRelease} holds them must not carry them (a remote with our candidates
 * could finish ICE before our side applied its answer).
 *
 * @example
 * ```ts
 * import { sdpWithoutCandidates } from '@rxdc/native';
 * const sdp = sdpWithoutCandidates('v=0\r\na=candidate:1 1 UDP 1 127.0.0.1 5000 typ host\r\n');
 * // sdp === 'v=0\r\n'
 * ```
 */
export function sdpWithoutCandidates(sdp: string): string {
  return sdp.replace(/^a=(?:candidate:.*|end-of-candidates)\r?\n/gm, '');
}
