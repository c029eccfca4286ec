import { describeValue } from '../errors/describe-value.js';
import { RtcError } from '../errors/rtc-error.js';
import { checkStringLimit } from './string-limits.js';

/** `ws://` or `wss://`, then a host (no path, query or fragment character in it). */
const webSocketUrl = /^wss?:\/\/[^/?#\s]+/i;

/**
 * The one rule for a WebSocket client URL, checked before node-datachannel sees it: a string,
 * within `STRING_LIMITS.webSocketUrl` (libdatachannel's own parse of a longer one crashes the
 * process), starting `ws://` or `wss://` and a host.
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT`.
 * @example
 * ```ts
 * import { checkWebSocketUrl } from '@rxdc/native';
 * checkWebSocketUrl('ws://127.0.0.1:8080/signaling');
 * ```
 */
export function checkWebSocketUrl(url: unknown): string {
  if (typeof url !== 'string') {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `a WebSocket URL must be a string, got ${describeValue(url)}`,
    );
  }
  // Before any parsing: see above.
  checkStringLimit('webSocketUrl', url);
  if (!webSocketUrl.test(url)) {
    throw new RtcError('INVALID_ARGUMENT', `a WebSocket needs a ws:// or wss:// URL, got "${url}"`);
  }
  return url;
}
