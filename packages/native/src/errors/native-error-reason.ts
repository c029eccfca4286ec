/**
 * What libdatachannel's terse error reasons mean, said where rxdc knows more. "TCP connection
 * failed" is a connect that ended in an error event (a reset or refusal): nothing listens there,
 * or, measured on loopback under churn, the port pair is still in the server's TIME_WAIT
 * (libdatachannel's server closes TCP first, so each closed connection leaves one there for 60 s,
 * and a new client that the kernel gives the same ephemeral port is reset: about 1 in 3,000 to
 * 1 in 70 connections on a machine holding tens of thousands of TIME_WAIT sockets).
 *
 * @internal
 */
export function explainNativeError(reason: string): string {
  if (reason === 'TCP connection failed') {
    return (
      `${reason} (refused or reset: nothing listens there, or the server still holds this ` +
      'port pair in TIME_WAIT after a recent connection; opening again uses another port)'
    );
  }
  return reason;
}
