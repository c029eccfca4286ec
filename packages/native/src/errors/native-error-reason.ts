/**
 * What libdatachannel's terse error reasons mean, said where rxdc knows more. "TCP connection
 * failed" is a connect that ended in an error event, a synchronous connect error or libdatachannel's
 * 10 s connect timeout (it logs which, and does not say): nothing listens there, the host is
 * unreachable, or it timed out. A client WebSocket tries a quick failure again first (see
 * ChannelLifetime's `retryConnectWith`): libdatachannel 0.24.5 also reports connections that
 * succeeded as failed (an error event of a socket closed meanwhile reaches a new socket that got
 * the same descriptor number).
 *
 * @internal
 */
export function explainNativeError(reason: string): string {
  if (reason === 'TCP connection failed') {
    return (
      `${reason} (refused, unreachable or timed out: is a server listening at that address ` +
      'and port?)'
    );
  }
  return reason;
}
