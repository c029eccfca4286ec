// The browser side of @rxdc/ws-server's WebRtcTransceiver, with the package's browser client
// module (served as /browser-client.js, imported as is). Connects to the signaling WebSocket
// given as ?ws=..., takes the data channel the server opens and echoes every message node
// sends on it. window.rxdc lets the test drive it.
import { connectToTransceiver } from './browser-client.js';

const log = (line) => {
  document.getElementById('log').textContent += `${line}\n`;
};

const state = {
  signaling: 'connecting',
  channel: null,
  channelOpen: false,
  received: [],
  errors: [],
  refusal: null,
  closeEvent: null,
};

function waitFor(predicate, ms) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (predicate()) resolve();
      else if (Date.now() - started > ms) reject(new Error('timed out'));
      else setTimeout(check, 5);
    };
    check();
  });
}

const url = new URLSearchParams(location.search).get('ws');
const connection = connectToTransceiver(url);
state.errors = connection.errors;
connection.socket.addEventListener('open', () => {
  state.signaling = 'open';
  log(`signaling open: ${url}`);
});
connection.closed.then((info) => {
  state.closeEvent = info;
  state.refusal = info.refusal ?? null;
  state.signaling = 'closed';
  log(info.message);
});
connection.channel.then(
  (channel) => {
    state.channel = channel;
    state.channelOpen = true;
    log(`data channel "${channel.label}" open`);
    channel.onmessage = ({ data }) => {
      state.received.push(data);
      // Echo what node sends (text starting "from-node:", binary starting 0xee).
      if (typeof data === 'string' && data.startsWith('from-node:')) channel.send(data);
      if (data instanceof ArrayBuffer && new Uint8Array(data)[0] === 0xee) channel.send(data);
    };
  },
  () => {},
);

function pattern(size, seed) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) % 251;
  bytes[0] = 0x42; // not 0xee: node echoes this one back, the page does not echo it again
  return bytes;
}

window.rxdc = {
  state,
  waitForChannel: (ms = 20_000) => waitFor(() => state.channelOpen, ms),
  // Sends a text and a binary message of `size` bytes, waits for both echoes, checks them.
  async roundTrip(text, size) {
    const start = state.received.length;
    const bytes = pattern(size, text.length);
    state.channel.send(text);
    state.channel.send(bytes);
    await waitFor(() => state.received.length >= start + 2, 20_000);
    const [echoText, echoBinary] = state.received.slice(start, start + 2);
    const back = new Uint8Array(echoBinary);
    return {
      textIntact: echoText === text,
      binaryLength: back.byteLength,
      binaryIntact: back.byteLength === bytes.byteLength && back.every((b, i) => b === bytes[i]),
    };
  },
};
