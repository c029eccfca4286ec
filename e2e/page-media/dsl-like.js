// Written for the tests, to behave as DSL's examples/webtrc-html/webrtc.html does with a
// WebRTC Sink: a plain WebSocket (no client library) to the signaling server, the page answers
// the server's offer, sends its candidates as {type: "ice"}, shows event.streams[0] of ontrack
// in a <video>, and reads the data channel the server opens. The signaling URL comes from
// ?ws=... (DSL's page hard-codes ws://localhost:60001/ws). window.dslPage lets the test look.
const state = {
  signaling: 'connecting',
  tracks: [],
  streams: 0,
  messages: [],
  frames: 0,
  errors: [],
};
const video = document.getElementById('stream');
const log = (line) => {
  document.getElementById('log').textContent += `${line}\n`;
};
const reportError = (error) => {
  state.errors.push(String(error));
  log(`error: ${error}`);
};

let peer;
const socket = new WebSocket(new URLSearchParams(location.search).get('ws'));
socket.addEventListener('open', () => {
  state.signaling = 'open';
});
socket.addEventListener('close', () => {
  state.signaling = 'closed';
});
socket.addEventListener('message', (event) => {
  let message;
  try {
    message = JSON.parse(event.data);
  } catch {
    return;
  }
  if (!peer) {
    peer = new RTCPeerConnection({ iceServers: [] });
    peer.ontrack = (trackEvent) => {
      state.tracks.push(trackEvent.track.kind);
      state.streams = trackEvent.streams.length;
      // The line a DSL page depends on: a track without an msid has no stream.
      video.srcObject = trackEvent.streams[0];
    };
    peer.onicecandidate = (iceEvent) => {
      if (iceEvent.candidate === null) return;
      socket.send(JSON.stringify({ type: 'ice', data: iceEvent.candidate }));
    };
    peer.ondatachannel = (channelEvent) => {
      channelEvent.channel.onmessage = (messageEvent) => {
        if (typeof messageEvent.data === 'string') state.messages.push(messageEvent.data);
      };
    };
  }
  if (message.type === 'sdp') {
    peer
      .setRemoteDescription(message.data)
      .then(() => peer.createAnswer())
      .then((answer) => peer.setLocalDescription(answer))
      .then(() => socket.send(JSON.stringify({ type: 'sdp', data: peer.localDescription })))
      .catch(reportError);
  } else if (message.type === 'ice') {
    peer.addIceCandidate(new RTCIceCandidate(message.data)).catch(reportError);
  }
});

// Counts the frames the <video> presents: moving video, not a still.
const countFrames = () => {
  state.frames += 1;
  video.requestVideoFrameCallback(countFrames);
};
video.requestVideoFrameCallback(countFrames);

window.dslPage = {
  state,
  video: () => ({ width: video.videoWidth, height: video.videoHeight, frames: state.frames }),
  peer: () => peer,
};
