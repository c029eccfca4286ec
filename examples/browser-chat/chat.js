// The browser side of the chat: @rxdc/ws-server's browser client (a plain ES module the
// server hands out as /browser-client.js) does the signaling; then chat over the data channel
// the node peer opens.
import { connectToTransceiver } from './browser-client.js';

const $ = (id) => document.getElementById(id);
const show = (who, text) => {
  $('log').textContent += `${who}: ${text}\n`;
  $('log').scrollTop = $('log').scrollHeight;
};
const setInput = (enabled) => {
  $('text').disabled = !enabled;
  $('form').querySelector('button').disabled = !enabled;
  if (enabled) $('text').focus();
};

// Signaling is on the page's own port (the server attaches to it); ?wsPort= points elsewhere.
const wsPort = new URLSearchParams(location.search).get('wsPort') ?? location.port;
const url = `ws://${location.hostname}:${wsPort}/ws/chat`;
$('status').textContent = `connecting to ${url}...`;
const connection = connectToTransceiver(url);
let channel;

connection.closed.then(({ message }) => {
  setInput(false);
  $('status').textContent = `disconnected: ${message}`;
});

connection.channel.then(
  (open) => {
    channel = open;
    $('status').textContent = 'connected: say something';
    setInput(true);
    channel.onmessage = ({ data }) => show('node', data);
    showVideo(connection.peer);
    channel.onclose = () => {
      setInput(false);
      $('status').textContent = 'disconnected: the data channel closed';
    };
    connection.peer.onconnectionstatechange = () => {
      const state = connection.peer.connectionState;
      if (state === 'failed' || state === 'closed' || state === 'disconnected') {
        setInput(false);
        $('status').textContent = `disconnected: the peer connection is ${state}`;
      }
    };
  },
  () => {
    // `closed` says what went wrong.
  },
);

// The video track node offered beside the chat: shown as soon as the connection is up. Its
// receiver exists from the offer on (ontrack fired inside the client, before this code ran).
function showVideo(peer) {
  const receiver = peer.getReceivers().find((r) => r.track.kind === 'video');
  if (!receiver) {
    $('video-status').textContent = 'no video track offered';
    return;
  }
  $('video').srcObject = new MediaStream([receiver.track]);
  $('video').requestVideoFrameCallback(() => {
    $('video-status').textContent =
      `live video from node: ${$('video').videoWidth}x${$('video').videoHeight}`;
  });
}

$('form').onsubmit = (event) => {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text || channel?.readyState !== 'open') return;
  channel.send(text);
  show('you', text);
  $('text').value = '';
};
