// The browser side of @rxdc/ws-server's WebRtcTransceiver, in plain browser JavaScript.
// Opens the signaling WebSocket given as ?ws=..., creates its RTCPeerConnection on the first
// message, answers the server's offer, trickles its candidates, takes the data channel the
// server opens and echoes every message on it. window.rxdc lets the test drive it.

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
const socket = new WebSocket(url);
let pc = null;
const send = (message) => socket.send(JSON.stringify(message));

socket.onopen = () => {
  state.signaling = 'open';
  log(`signaling open: ${url}`);
};
socket.onclose = (event) => {
  state.closeEvent = {
    code: event.code,
    reason: event.reason,
    wasClean: event.wasClean,
    at: performance.now(),
  };
  state.signaling = 'closed';
};
socket.onmessage = async (event) => {
  const { type, data } = JSON.parse(event.data);
  if (type === 'error') {
    state.refusal = data;
    return;
  }
  if (!pc) createPeer();
  try {
    if (type === 'sdp') {
      await pc.setRemoteDescription(data);
      await pc.setLocalDescription(await pc.createAnswer());
      send({ type: 'sdp', data: { type: 'answer', sdp: pc.localDescription.sdp } });
    } else if (type === 'ice') {
      // node-datachannel's candidates may carry an "a=" prefix: browsers want it stripped.
      const candidate = data.candidate.replace(/^a=/, '');
      await pc.addIceCandidate({
        candidate,
        sdpMid: data.sdpMid ?? '0',
        sdpMLineIndex: data.sdpMLineIndex ?? 0,
      });
    }
  } catch (error) {
    state.errors.push(String(error));
  }
};

function createPeer() {
  pc = new RTCPeerConnection({ iceServers: [] });
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) {
      send({
        type: 'ice',
        data: {
          candidate: candidate.candidate,
          sdpMid: candidate.sdpMid,
          sdpMLineIndex: candidate.sdpMLineIndex,
        },
      });
    }
  };
  pc.ondatachannel = ({ channel }) => {
    channel.binaryType = 'arraybuffer';
    state.channel = channel;
    channel.onopen = () => {
      state.channelOpen = true;
      log(`data channel "${channel.label}" open`);
    };
    if (channel.readyState === 'open') state.channelOpen = true;
    channel.onmessage = ({ data }) => {
      state.received.push(data);
      // Echo what node sends, unless it is an echo of ours (those start with "echo:" or are
      // answered by the test itself).
      if (typeof data === 'string' && data.startsWith('from-node:')) channel.send(data);
      if (data instanceof ArrayBuffer && new Uint8Array(data)[0] === 0xee) channel.send(data);
    };
  };
}

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
