// Shared by the child processes: a WsServer (the built package) that creates one echo
// transceiver per client from a client listener, and retires it when its client leaves.
import { WsServer } from '../../dist/index.js';

export function echoServer(options) {
  const server = new WsServer();
  server.addPath('/ws/echo');
  const counts = { listenerCalls: 0, handedOver: 0 };
  server.addClientListener((path) => {
    counts.listenerCalls++;
    let socket;
    const echo = {
      get isAvailable() {
        return socket === undefined;
      },
      connect(s) {
        socket = s;
        counts.handedOver++;
        s.messages$.subscribe({
          next: (m) => {
            try {
              s.send(m);
            } catch {}
          },
          error: () => {},
        });
        s.closed$.subscribe(() => server.removeTransceiver(echo));
      },
      disconnect() {
        socket?.close();
      },
    };
    server.addTransceiver(echo, { path });
  });
  const { port } = server.listen(0, { bindAddress: '127.0.0.1', ...options });
  return { server, port, counts };
}
