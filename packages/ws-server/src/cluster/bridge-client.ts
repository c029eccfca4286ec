import { CloseCode } from '../protocol/close-codes.js';
import { refusalFrame } from '../protocol/signaling-message.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';
import type { RelayCloseCode } from './relay-close-code.js';
import type { RelayTunnel } from './relay-tunnel.js';

/**
 * The WebSocket close code a client gets when its relayed session ends for `code`: the
 * relay's failures say "try again" (1013), so a reconnecting client lands on a live node.
 */
function closeCodeOf(code: RelayCloseCode): number {
  return code === 'DRAINING' ? CloseCode.GOING_AWAY : CloseCode.TRY_AGAIN_LATER;
}

/**
 * Joins a client of this node to the tunnel of its relayed session: each frame of the client
 * goes into the tunnel, each frame out of it goes to the client. When the other node closes
 * normally, the client is closed with that node's close code; when the relay fails, the
 * client first gets an error frame (`{"type":"error","data":{"code":"RELAY_NODE_LOST",...}}`)
 * and is closed with 1013 (1001 for a draining node).
 *
 * @internal
 */
export function bridgeClient(socket: SignalingSocket, tunnel: RelayTunnel): void {
  tunnel.attach({
    frame: (frame) => {
      try {
        socket.send(frame);
      } catch {
        // The client is gone or was dropped for not reading: its close ends the tunnel.
      }
    },
    closed: (code, reason, wsCode) => {
      if (code === 'CLOSED') {
        socket.close(wsCode ?? CloseCode.NORMAL, reason);
        return;
      }
      try {
        if (socket.isOpen) socket.send(refusalFrame(code, reason));
      } catch {
        // Gone already: the close below is all that is left.
      }
      socket.close(closeCodeOf(code), reason);
    },
  });
  socket.messages$.subscribe({ next: (frame) => tunnel.send(frame), error: () => {} });
  socket.closed$.subscribe(() => tunnel.close('CLOSED', 'the client left', CloseCode.NORMAL));
}
