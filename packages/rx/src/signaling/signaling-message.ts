import type { IceCandidate, SessionDescription } from '@rxdc/core';

/**
 * A message of the ws-server JSON signaling protocol: `{"type":"sdp","data":{type,sdp}}` or
 * `{"type":"ice","data":{candidate,sdpMid?,sdpMLineIndex?}}`.
 *
 * @example
 * ```ts
 * const offer: SignalingMessage = { type: 'sdp', data: { type: 'offer', sdp: 'v=0...' } };
 * ```
 */
export type SignalingMessage =
  | { readonly type: 'sdp'; readonly data: { readonly type: string; readonly sdp: string } }
  | {
      readonly type: 'ice';
      readonly data: {
        readonly candidate: string;
        readonly sdpMid?: string;
        readonly sdpMLineIndex?: number;
      };
    };

/**
 * Parses one WebSocket message of the protocol. Returns `undefined` for what the protocol
 * says to ignore: binary frames, text that is not JSON, messages without `type` or `data`, and
 * unknown types.
 *
 * @example
 * ```ts
 * import { parseSignalingMessage } from '@rxdc/rx';
 * const message = parseSignalingMessage('{"type":"ice","data":{"candidate":"candidate:1 ..."}}');
 * ```
 */
export function parseSignalingMessage(raw: string | Uint8Array): SignalingMessage | undefined {
  if (typeof raw !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { type, data } = parsed as { type?: unknown; data?: unknown };
  if (typeof data !== 'object' || data === null) return undefined;
  const fields = data as Record<string, unknown>;
  if (type === 'sdp' && typeof fields.type === 'string' && typeof fields.sdp === 'string') {
    return { type: 'sdp', data: { type: fields.type, sdp: fields.sdp } };
  }
  if (type === 'ice' && typeof fields.candidate === 'string') {
    return {
      type: 'ice',
      data: {
        candidate: fields.candidate,
        ...(typeof fields.sdpMid === 'string' && { sdpMid: fields.sdpMid }),
        ...(typeof fields.sdpMLineIndex === 'number' && { sdpMLineIndex: fields.sdpMLineIndex }),
      },
    };
  }
  return undefined;
}

/**
 * The protocol message carrying a local description.
 *
 * @example
 * ```ts
 * socket.send(formatDescription(peer.localDescription!));
 * ```
 */
export function formatDescription(description: SessionDescription): string {
  return JSON.stringify({ type: 'sdp', data: { type: description.type, sdp: description.sdp } });
}

/**
 * The protocol message carrying a local candidate, as a browser would send it: without the
 * `a=` prefix node-datachannel adds, with `sdpMid` and `sdpMLineIndex` (0 for a
 * data-channel-only connection).
 *
 * @example
 * ```ts
 * peer.localCandidate$.subscribe((candidate) => socket.send(formatCandidate(candidate)));
 * ```
 */
export function formatCandidate(candidate: IceCandidate, sdpMLineIndex = 0): string {
  const line = candidate.candidate.startsWith('a=')
    ? candidate.candidate.slice(2)
    : candidate.candidate;
  return JSON.stringify({
    type: 'ice',
    data: { candidate: line, sdpMid: candidate.mid, sdpMLineIndex },
  });
}

/**
 * The candidate of an `ice` message, in the shape `PeerConnection.addRemoteCandidate` takes,
 * or `undefined` for an end-of-candidates message (an empty candidate).
 *
 * @example
 * ```ts
 * const candidate = toIceCandidate({ candidate: 'candidate:1 1 UDP ...', sdpMLineIndex: 0 });
 * ```
 */
export function toIceCandidate(data: {
  readonly candidate: string;
  readonly sdpMid?: string;
  readonly sdpMLineIndex?: number;
}): IceCandidate | undefined {
  if (data.candidate.trim() === '') return undefined;
  return { candidate: data.candidate, mid: data.sdpMid ?? String(data.sdpMLineIndex ?? 0) };
}
