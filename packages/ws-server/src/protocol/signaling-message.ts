// The one definition of the JSON signaling protocol between a transceiver and its client
// (browser page or node). The server, the node client and the browser client all read and
// write frames through this file, so it imports nothing at run time: it is bundled as is into
// the browser client.

/**
 * A message of the JSON signaling protocol between a transceiver and its client: text frames
 * of `{"type": "sdp" | "ice" | "error", "data": {...}}`.
 *
 * - server to client: `{"type":"sdp","data":{"type":"offer","sdp":"v=0..."}}`, then
 *   `{"type":"ice","data":{"candidate":"candidate:...","sdpMid":"0","sdpMLineIndex":0}}` per
 *   candidate; `{"type":"error","data":{"code":"NO_TRANSCEIVER","reason":"..."}}` just
 *   before the server closes a client it refuses;
 * - client to server: `{"type":"sdp","data":{"type":"answer","sdp":"..."}}` and
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
    }
  | { readonly type: 'error'; readonly data: { readonly code: string; readonly reason: string } };

/**
 * What reading one frame gives: a message, or why the frame is not one (the protocol says to
 * ignore such frames and keep the socket open).
 *
 * @example
 * ```ts
 * import { readSignalingFrame } from '@rxdc/ws-server/client';
 * const read = readSignalingFrame('{"type":"ice","data":{"candidate":"candidate:1 ..."}}');
 * if ('message' in read) console.log(read.message.type);
 * ```
 */
export type ReadFrame = { readonly message: SignalingMessage } | { readonly invalid: string };

/**
 * The longest signaling frame read, in UTF-16 code units (about as many bytes of ASCII): room
 * for an SDP of many media sections (a few KiB each) and any candidate (under 1 KiB). A longer
 * frame is invalid without being parsed.
 *
 * @example
 * ```ts
 * import { MAX_SIGNALING_FRAME } from '@rxdc/ws-server/client';
 * if (frame.length > MAX_SIGNALING_FRAME) console.warn('the other side will ignore this frame');
 * ```
 */
export const MAX_SIGNALING_FRAME = 64 * 1024;

/**
 * The deepest nesting of objects and arrays a signaling frame may have (messages have 2). A
 * deeper frame is invalid without being parsed: JSON.parse of thousands of nested arrays costs
 * far more than its size suggests, and one client sending such frames held a server's event
 * loop for 150 ms a frame.
 */
const maxDepth = 16;

/**
 * Reads one WebSocket frame as a signaling message, without ever throwing. Binary frames,
 * frames over {@link MAX_SIGNALING_FRAME} or nested deeper than 16, text that is not JSON,
 * messages missing `type` or `data`, and malformed fields are reported as `{ invalid }` with
 * the reason. The size and depth are checked before parsing, in one pass over the text.
 *
 * @example
 * ```ts
 * import { readSignalingFrame } from '@rxdc/ws-server/client';
 * const read = readSignalingFrame(frame);
 * if ('invalid' in read) console.warn('ignored', read.invalid);
 * ```
 */
export function readSignalingFrame(frame: unknown): ReadFrame {
  if (typeof frame !== 'string') return { invalid: 'a binary frame (signaling is JSON text)' };
  if (frame.length > MAX_SIGNALING_FRAME) {
    return {
      invalid: `a frame of ${frame.length} characters (signaling frames are at most ${MAX_SIGNALING_FRAME})`,
    };
  }
  if (nestedTooDeep(frame)) {
    return { invalid: `JSON nested deeper than ${maxDepth} levels: ${preview(frame)}` };
  }
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
  if (type === 'error') {
    if (typeof fields.code !== 'string' || typeof fields.reason !== 'string')
      return { invalid: `an error message needs data.code and data.reason: ${preview(frame)}` };
    return { message: { type: 'error', data: { code: fields.code, reason: fields.reason } } };
  }
  return {
    invalid: `unknown message type ${JSON.stringify(type)} (expected "sdp", "ice" or "error")`,
  };
}

/**
 * The frame carrying a session description (`{ type, sdp }`).
 *
 * @example
 * ```ts
 * import { descriptionFrame } from '@rxdc/ws-server/client';
 * socket.send(descriptionFrame({ type: 'answer', sdp: answer.sdp }));
 * ```
 */
export function descriptionFrame(description: { type: string; sdp: string }): string {
  return JSON.stringify({ type: 'sdp', data: { type: description.type, sdp: description.sdp } });
}

/**
 * The frame carrying an ICE candidate, as browsers want it: without the `a=` prefix
 * node-datachannel adds, with `sdpMid` and `sdpMLineIndex` (0 for a data-channel-only
 * connection when unknown).
 *
 * @example
 * ```ts
 * import { candidateFrame } from '@rxdc/ws-server/client';
 * peer.localCandidate$.subscribe(({ candidate, mid }) => socket.send(candidateFrame(candidate, mid)));
 * ```
 */
export function candidateFrame(
  candidate: string,
  sdpMid: string | null | undefined,
  sdpMLineIndex?: number | null,
): string {
  return JSON.stringify({
    type: 'ice',
    data: { candidate: candidate.replace(/^a=/, ''), sdpMid, sdpMLineIndex: sdpMLineIndex ?? 0 },
  });
}

/**
 * The frame the server sends a client it refuses, just before closing it.
 *
 * @example
 * ```ts
 * import { refusalFrame } from '@rxdc/ws-server/client';
 * socket.send(refusalFrame('NO_TRANSCEIVER', 'no transceiver is available'));
 * ```
 */
export function refusalFrame(code: string, reason: string): string {
  return JSON.stringify({ type: 'error', data: { code, reason } });
}

/**
 * The media id a candidate belongs to: its `sdpMid`, else its m-line index as text (`'0'` for
 * a data-channel-only connection).
 *
 * @example
 * ```ts
 * import { candidateMid } from '@rxdc/ws-server/client';
 * peer.addRemoteCandidate({ candidate: data.candidate, mid: candidateMid(data) });
 * ```
 */
export function candidateMid(data: {
  readonly sdpMid?: string | null;
  readonly sdpMLineIndex?: number | null;
}): string {
  return data.sdpMid ?? String(data.sdpMLineIndex ?? 0);
}

/** Whether objects and arrays nest deeper than `maxDepth` (brackets in strings do not count). */
function nestedTooDeep(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}
