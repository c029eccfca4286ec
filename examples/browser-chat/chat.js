// The browser side of the chat: signaling over the server's WebSocket (JSON protocol of
// @rxdc/ws-server), then chat over the data channel the node peer opens. Plain browser JS.

const $ = (id) => document.getElementById(id);
const show = (who, text) => {
  $('log').textContent += `${who}: ${text}\n`;
  $('log').scrollTop = $('log').scrollHeight;
};
const socket = new WebSocket(
  `ws://${location.hostname}:${new URLSearchParams(location.search).get('wsPort')}/ws`,
);
const send = (message) => socket.send(JSON.stringify(message));
let pc;
let channel;

socket.onmessage = async (event) => {
  const { type, data } = JSON.parse(event.data);
  if (type === 'error') {
    $('status').textContent = `refused: ${data.reason}`;
    return;
  }
  if (!pc) {
    pc = new RTCPeerConnection({ iceServers: [] });
    pc.onicecandidate = ({ candidate }) =>
      candidate && send({ type: 'ice', data: candidate.toJSON() });
    pc.onconnectionstatechange = () =>
      ($('status').textContent = `peer connection: ${pc.connectionState}`);
    pc.ondatachannel = (e) => {
      channel = e.channel;
      channel.onopen = () => {
        $('text').disabled = false;
        $('form').querySelector('button').disabled = false;
        $('text').focus();
      };
      channel.onmessage = ({ data }) => show('node', data);
    };
  }
  if (type === 'sdp') {
    await pc.setRemoteDescription(data);
    await pc.setLocalDescription(await pc.createAnswer());
    send({ type: 'sdp', data: { type: 'answer', sdp: pc.localDescription.sdp } });
  } else if (type === 'ice') {
    await pc.addIceCandidate({ ...data, candidate: data.candidate.replace(/^a=/, '') });
  }
};
socket.onclose = () => ($('status').textContent += ' (signaling closed)');

$('form').onsubmit = (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text || channel?.readyState !== 'open') return;
  channel.send(text);
  show('you', text);
  $('text').value = '';
};
