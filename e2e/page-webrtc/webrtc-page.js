// The browser side of the @rxdc/webrtc interop test: Chromium's own RTCPeerConnection, signaled
// through the test (window.rxdc.signal from node, window.toNode to node, both JSON in
// simple-peer's format). Echoes every message it receives and records what it saw.
const pc = new RTCPeerConnection();
const state = { received: [], closed: false, errors: [], channel: null };
let channel = null;

pc.onicecandidate = ({ candidate }) => {
  if (candidate)
    window.toNode(JSON.stringify({ type: 'candidate', candidate: candidate.toJSON() }));
};
pc.ondatachannel = (event) => {
  channel = event.channel;
  channel.binaryType = 'arraybuffer';
  state.channel = channel.label;
  channel.onmessage = ({ data }) => {
    state.received.push(typeof data === 'string' ? data : { bytes: data.byteLength });
    // Echo it back, as it came.
    channel.send(data);
  };
  channel.onclose = () => {
    state.closed = true;
  };
  channel.onerror = (event) => state.errors.push(String(event.error?.message ?? event));
};

async function signal(json) {
  const data = JSON.parse(json);
  try {
    if (data.type === 'offer') {
      await pc.setRemoteDescription(data);
      await pc.setLocalDescription();
      window.toNode(
        JSON.stringify({ type: pc.localDescription.type, sdp: pc.localDescription.sdp }),
      );
    } else if (data.type === 'candidate') {
      await pc.addIceCandidate(data.candidate);
    }
  } catch (error) {
    state.errors.push(String(error));
  }
}

/** Sends `text` and `size` bytes from the page to node. */
function sendFromPage(text, size) {
  channel.send(text);
  const bytes = new Uint8Array(size).map((_, i) => (i * 7 + 1) % 251);
  channel.send(bytes);
}

window.rxdc = { signal, state, sendFromPage, connectionState: () => pc.connectionState };
