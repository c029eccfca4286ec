import type { WebSocket } from '@rxdc/core';
import type { WsServerErrorCode } from '../errors/ws-server-error.js';

/**
 * Tells a client why it is refused, then closes its socket. node-datachannel's WebSocket has
 * no close code or reason, so the reason goes in a last text frame the page can read:
 * `{"type":"error","data":{"code":"NO_TRANSCEIVER","reason":"..."}}`.
 *
 * @internal
 */
export function refuseSocket(socket: WebSocket, code: WsServerErrorCode, reason: string): void {
  try {
    if (socket.isOpen) socket.send(JSON.stringify({ type: 'error', data: { code, reason } }));
  } catch {
    // Gone already: closing below is all that is left to do.
  }
  socket.close();
}
