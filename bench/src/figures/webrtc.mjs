// @rxdc/webrtc against node-datachannel's own W3C polyfill and against raw node-datachannel,
// measured alternately in the same process. The same W3C send loop drives both W3C
// implementations: send while bufferedAmount is under the high water mark, resume on
// bufferedamountlow; the receiver counts message events.
import { RTCPeerConnection } from '@rxdc/webrtc';
import * as polyfill from 'node-datachannel/polyfill';
import { size } from '../harness/mode.mjs';
import { HIGH_WATER, LOW_WATER, rawRate } from '../harness/raw-rate.mjs';
import { interleave, report } from '../harness/stats.mjs';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

/** Two connected W3C peers of `api` on loopback and an open channel on each side. */
async function w3cPair(api) {
  const a = new api.RTCPeerConnection(loopback);
  const b = new api.RTCPeerConnection(loopback);
  a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate).catch(() => {});
  b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate).catch(() => {});
  const remote = new Promise((resolve) => {
    b.ondatachannel = ({ channel }) => resolve(channel);
  });
  const local = a.createDataChannel('bench');
  const opened = new Promise((resolve) => {
    local.onopen = resolve;
  });
  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  const answer = await b.createAnswer();
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  await opened;
  const channel = await remote;
  channel.binaryType = 'arraybuffer';
  return {
    local,
    remote: channel,
    close() {
      a.close();
      b.close();
    },
  };
}

/** Messages per second through a W3C API, with bufferedamountlow flow control. */
async function w3cRate(api, size, count) {
  const { local, remote, close } = await w3cPair(api);
  local.bufferedAmountLowThreshold = LOW_WATER;
  const payload = new Uint8Array(size).fill(7);
  const rate = await new Promise((resolve) => {
    let received = 0;
    let sent = 0;
    const start = performance.now();
    remote.onmessage = () => {
      if (++received === count) resolve(count / ((performance.now() - start) / 1000));
    };
    const pump = () => {
      while (sent < count && local.bufferedAmount < HIGH_WATER) {
        local.send(payload);
        sent++;
      }
    };
    local.onbufferedamountlow = pump;
    pump();
  });
  close();
  // Let both implementations confirm their closes before the next round.
  await new Promise((resolve) => setTimeout(resolve, 200));
  return rate;
}

const rxdc = { RTCPeerConnection };
const toMiBs = (rate) => (rate * 64) / 1024;
const MESSAGES = size(60_000, 2_000);
const CHUNKS = size(1024, 32);

function figure(id, target, measure) {
  return { id, unit: id.includes('bulk') ? 'MiB/s' : 'msg/s', target, measure };
}

export default [
  figure('webrtc.messages.1k', '>= 1.0', async () => {
    const r = await interleave({
      rounds: size(8, 1),
      ours: () => w3cRate(rxdc, 1024, MESSAGES),
      baseline: () => w3cRate(polyfill, 1024, MESSAGES),
    });
    return report(r, { baseline: 'node-datachannel/polyfill' });
  }),
  figure('webrtc.messages.1k.raw', '>= 0.9', async () => {
    const r = await interleave({
      rounds: size(8, 1),
      ours: () => w3cRate(rxdc, 1024, MESSAGES),
      baseline: () => rawRate(1024, MESSAGES),
    });
    return report(r, { baseline: 'raw node-datachannel' });
  }),
  figure('webrtc.bulk.64k', '>= 1.0', async () => {
    const r = await interleave({
      rounds: size(8, 1),
      ours: () => w3cRate(rxdc, 65536, CHUNKS),
      baseline: () => w3cRate(polyfill, 65536, CHUNKS),
    });
    return {
      ...report(r, { baseline: 'node-datachannel/polyfill' }),
      ours: toMiBs(r.ours),
      baseline: toMiBs(r.baseline),
    };
  }),
  figure('webrtc.bulk.64k.raw', '>= 0.9', async () => {
    const r = await interleave({
      rounds: size(8, 1),
      ours: () => w3cRate(rxdc, 65536, CHUNKS),
      baseline: () => rawRate(65536, CHUNKS),
    });
    return {
      ...report(r, { baseline: 'raw node-datachannel' }),
      ours: toMiBs(r.ours),
      baseline: toMiBs(r.baseline),
    };
  }),
];
