// Strings that crash libdatachannel (a WebSocket URL or an ICE server URL of about 24,000
// bytes: SIGSEGV in its recursive regex) or that it cannot send (a label of more than 65,535
// bytes): each is refused with an RtcError, and the process lives and exits by itself.
// argv[2]: the length of the long strings. Run with --expose-gc.
import { liveObjects, PeerConnection, WebSocket } from '../../dist/index.js';

const length = Number(process.argv[2] ?? 30_000);
const long = 'a'.repeat(length);
const outcome = (what, call) => {
  try {
    call();
    console.log(`${what}: accepted`);
  } catch (error) {
    console.log(`${what}: ${error.name} ${error.code}`);
  }
};

{
  // Block-scoped: the never-opened socket must be collectable once closed.
  const socket = new WebSocket();
  outcome('websocket-url', () => socket.open(`ws://127.0.0.1:9/${long}`));
  outcome('websocket-url-utf8', () => socket.open(`ws://127.0.0.1:9/${'é'.repeat(length / 2)}`));
  socket.close();
}
outcome('ice-url', () =>
  new PeerConnection({ iceServers: [`stun:${long}.example.org:3478`] }).close(),
);
const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
outcome('label', () => peer.createDataChannel('l'.repeat(70_000)));
outcome('protocol', () => peer.createDataChannel('chat', { protocol: 'p'.repeat(70_000) }));
outcome('websocket-protocol', () => new WebSocket({ protocols: ['p'.repeat(70_000)] }).close());
// At the limits: accepted.
outcome('label-at-limit', () => peer.createDataChannel('l'.repeat(65_535)).close());
peer.close();
const atLimit = new WebSocket();
outcome('websocket-url-at-limit', () => atLimit.open(`ws://127.0.0.1:9/${'a'.repeat(8192 - 17)}`));
atLimit.close();
// The socket opened at the limit is closed while it connects: its close is confirmed once
// libdatachannel's connection attempt ends (a refused port; later on a loaded machine).
const deadline = Date.now() + 10_000;
while (liveObjects().length > 0 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
setTimeout(() => {
  console.log(`live ${liveObjects().length}`);
  // A WebSocket client never opened is released when it is collected (node-datachannel never
  // confirms its close): collect now rather than at V8's next idle collection.
  globalThis.gc?.();
  console.log('finished');
}, 100);
