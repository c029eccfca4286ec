// The browser side of the framed flow-control test: @rxdc/rx/browser imported as a plain ES
// module (no bundler), on an RTCDataChannel that node offers. Signaling is done by the test
// through page.evaluate. window.flow lets the test drive it.
import { framed } from './rx/browser.js';

const CHUNK = 64 * 1024;
let pc;
let channel;
const channelReady = new Promise((resolve) => {
  window.__resolveChannel = resolve;
});

/** Chunk `i`: its index in the first 4 bytes, then a pattern that depends on it. */
function chunkAt(i) {
  const bytes = new Uint8Array(CHUNK);
  for (let j = 0; j < CHUNK; j++) bytes[j] = (i * 131 + j) & 0xff;
  new DataView(bytes.buffer).setUint32(0, i, true);
  return bytes;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

window.flow = {
  /** Answers node's offer; resolves with the answer once gathering is complete. */
  async answer(offer, candidates) {
    pc = new RTCPeerConnection({ iceServers: [] });
    pc.ondatachannel = ({ channel: dc }) => {
      channel = framed(dc);
      window.__resolveChannel();
    };
    await pc.setRemoteDescription(offer);
    for (const { candidate, mid } of candidates) {
      // node-datachannel's candidates carry an "a=" prefix: browsers want it stripped.
      await pc.addIceCandidate({ candidate: candidate.replace(/^a=/, ''), sdpMid: mid });
    }
    await pc.setLocalDescription(await pc.createAnswer());
    if (pc.iceGatheringState !== 'complete') {
      await new Promise((resolve) => {
        pc.addEventListener('icegatheringstatechange', () => {
          if (pc.iceGatheringState === 'complete') resolve();
        });
        setTimeout(resolve, 3000);
      });
    }
    return { type: 'answer', sdp: pc.localDescription.sdp };
  },

  async open() {
    await channelReady;
    await channel.opened;
    return channel.window;
  },

  /** Writes `count` chunks through a WritableStream; returns [time, bytes handed over] samples. */
  async send(count) {
    const writer = channel.writable().getWriter();
    const log = [];
    let sent = 0;
    for (let i = 0; i < count; i++) {
      await writer.write(chunkAt(i));
      sent += CHUNK;
      log.push([Date.now(), sent]);
    }
    await channel.drained();
    writer.releaseLock();
    return log;
  },

  /** Reads `count` chunks with `for await`, taking `delayMs` for each; checks every byte. */
  async receive(count, delayMs) {
    const log = [];
    let consumed = 0;
    let intact = true;
    let i = 0;
    for await (const message of channel) {
      const expected = chunkAt(i);
      if (!(message instanceof Uint8Array) || message.byteLength !== CHUNK) intact = false;
      else {
        for (let j = 0; j < CHUNK; j++) {
          if (message[j] !== expected[j]) {
            intact = false;
            break;
          }
        }
      }
      consumed += message.byteLength;
      log.push([Date.now(), consumed]);
      i++;
      if (i === count) break;
      await sleep(delayMs);
    }
    return { intact, count: i, log };
  },

  close() {
    channel?.close();
    pc?.close();
  },
};
