/**
 * A message of the JSON signaling protocol between a transceiver and a browser page: text
 * frames of `{"type": "sdp" | "ice", "data": {...}}`.
 *
 * - server to page: `{"type":"sdp","data":{"type":"offer","sdp":"v=0..."}}`, then
 *   `{"type":"ice","data":{"candidate":"candidate:...","sdpMid":"0","sdpMLineIndex":0}}` per
 *   candidate;
 * - page to server: `{"type":"sdp","data":{"type":"answer","sdp":"..."}}` and
 *   `{"type":"ice","data":{"candidate":"...","sdpMid":"...","sdpMLineIndex":0}}`.
 *
 * @example
 * ```ts
 * import type { SignalingMessage } from '@rxdc/ws-server';
 * const answer: SignalingMessage = { type: 'sdp', data: { type: 'answer', sdp: 'v=0\r\n...' } };
 * socket.send(JSON.stringify(answer));
 * ```
 */
export type SignalingMessage =
  | { readonly type: 'sdp'; readonly data: { readonly type: string; readonly sdp: string } }
  | {
      readonly type: 'ice';
      readonly data: {
        readonly candidate: string;
        readonly sdpMid?: string | null;
        readonly sdpMLineIndex?: number | null;
      };
    };

/** What reading one frame gives: a message, or why the frame is not one. @internal */
type ReadFrame = { readonly message: SignalingMessage } | { readonly invalid: string };

/**
 * Reads one WebSocket frame as a signaling message, without ever throwing.
 *
 * @internal
 */
export function readSignalingFrame(frame: string | Buffer): ReadFrame {
  if (typeof frame !== 'string')
    return { invalid: `a binary frame of ${frame.byteLength} bytes (signaling is JSON text)` };
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return { invalid: `text that is not JSON: ${preview(frame)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { invalid: `JSON that is not an object: ${preview(frame)}` };
  }
  const { type, data } = value as { type?: unknown; data?: unknown };
  if (type === undefined || data === undefined)
    return { invalid: `a message missing "type" or "data": ${preview(frame)}` };
  if (typeof data !== 'object' || data === null)
    return { invalid: `"data" is not an object: ${preview(frame)}` };
  const fields = data as Record<string, unknown>;
  if (type === 'sdp') {
    if (typeof fields.type !== 'string' || typeof fields.sdp !== 'string') {
      return { invalid: `an sdp message needs data.type and data.sdp strings: ${preview(frame)}` };
    }
    return { message: { type: 'sdp', data: { type: fields.type, sdp: fields.sdp } } };
  }
  if (type === 'ice') {
    const { candidate, sdpMid, sdpMLineIndex } = fields;
    if (typeof candidate !== 'string')
      return { invalid: `an ice message needs a data.candidate string: ${preview(frame)}` };
    if (sdpMid !== undefined && sdpMid !== null && typeof sdpMid !== 'string') {
      return { invalid: `data.sdpMid must be a string: ${preview(frame)}` };
    }
    if (
      sdpMLineIndex !== undefined &&
      sdpMLineIndex !== null &&
      !Number.isSafeInteger(sdpMLineIndex)
    ) {
      return { invalid: `data.sdpMLineIndex must be a whole number: ${preview(frame)}` };
    }
    return {
      message: {
        type: 'ice',
        data: {
          candidate,
          sdpMid: sdpMid as string | null | undefined,
          sdpMLineIndex: sdpMLineIndex as number | null | undefined,
        },
      },
    };
  }
  return { invalid: `unknown message type ${JSON.stringify(type)} (expected "sdp" or "ice")` };
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}
