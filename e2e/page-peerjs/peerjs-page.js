// The browser side of the PeerJS interop test: PeerJS's own browser build on Chromium's
// RTCPeerConnection, registered at the test's PeerServer on 127.0.0.1. It accepts node's
// connection, echoes every message it receives, records what it saw, and can send its own.
const state = { open: false, received: [], closed: false, errors: [], peer: null };
let connection = null;

/** Registers at the PeerServer as `id`; resolves once the server confirmed it. */
function start(port, id) {
  // Loopback only: no STUN or TURN server, the test's PeerServer on 127.0.0.1.
  const peer = new window.peerjs.Peer(id, {
    host: '127.0.0.1',
    port,
    path: '/',
    secure: false,
    config: { iceServers: [] },
  });
  peer.on('error', (error) => state.errors.push(`${error.type}: ${error.message}`));
  peer.on('connection', (conn) => {
    connection = conn;
    state.peer = conn.peer;
    conn.on('open', () => {
      state.open = true;
    });
    conn.on('data', (data) => {
      state.received.push(describe(data));
      // Echo it back, as it came.
      conn.send(data);
    });
    conn.on('close', () => {
      state.closed = true;
    });
    conn.on('error', (error) => state.errors.push(`connection: ${error.message}`));
  });
  return new Promise((resolve, reject) => {
    peer.on('open', resolve);
    peer.on('error', reject);
  });
}

function describe(data) {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return { bytes: data.byteLength };
  if (ArrayBuffer.isView(data)) return { bytes: data.byteLength };
  return { other: Object.prototype.toString.call(data) };
}

/** Sends `text`, then `size` patterned bytes, from the page to node. */
function sendFromPage(text, size) {
  connection.send(text);
  connection.send(new Uint8Array(size).map((_, i) => (i * 7 + 1) % 251));
}

window.rxdc = { start, state, sendFromPage };
