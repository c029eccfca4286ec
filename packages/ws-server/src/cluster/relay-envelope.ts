/**
 * The messages nodes send each other on their inbox channels, as JSON: a relayed session is
 * opened (`open`), taken or refused (`accept`, `refuse`), carries the client's signaling frames
 * both ways in numbered order (`frame`), and ends (`close`).
 *
 * @internal
 */
export type RelayEnvelope =
  | {
      readonly t: 'open';
      readonly s: string;
      readonly from: string;
      readonly path: string;
      readonly q: string;
    }
  | { readonly t: 'accept'; readonly s: string; readonly from: string }
  | { readonly t: 'refuse'; readonly s: string; readonly from: string; readonly reason: string }
  | {
      readonly t: 'frame';
      readonly s: string;
      /** The frame's number in its direction, from 0: a gap means Redis lost a message. */
      readonly n: number;
      readonly d: string;
      /** Set when `d` is a binary frame in base64. */
      readonly b?: 1;
    }
  | {
      readonly t: 'close';
      readonly s: string;
      readonly code: string;
      readonly reason: string;
      /** The WebSocket close code the closing side used, for the client to see. */
      readonly w?: number;
    };

/** Reads one inbox message; undefined when it is not an envelope (never throws). @internal */
export function readEnvelope(text: string): RelayEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (typeof e.s !== 'string') return undefined;
  const strings = (...names: string[]) => names.every((name) => typeof e[name] === 'string');
  switch (e.t) {
    case 'open':
      return strings('from', 'path', 'q') ? (e as RelayEnvelope) : undefined;
    case 'accept':
      return strings('from') ? (e as RelayEnvelope) : undefined;
    case 'refuse':
      return strings('from', 'reason') ? (e as RelayEnvelope) : undefined;
    case 'frame':
      return strings('d') && Number.isSafeInteger(e.n) ? (e as RelayEnvelope) : undefined;
    case 'close':
      return strings('code', 'reason') && (e.w === undefined || Number.isSafeInteger(e.w))
        ? (e as RelayEnvelope)
        : undefined;
    default:
      return undefined;
  }
}
