// media.h264.*: a 1080p30-sized H.264 stream (made by Debian's ffmpeg at a camera-like 6 Mbit/s,
// key frame every second) sent through @rxdc/core's Track.sendFrame, against the same
// node-datachannel packetizer chain used raw (H264RtpPacketizer with a start-sequence
// separator, RtcpSrReporter, RtcpNackResponder; the timestamp set before each frame), in
// interleaved rounds in one process. The receiving end is a raw track that never reads (a
// stalled receiver: libdatachannel drops what it cannot queue).
// - media.h264.send: frames per second the sender sustains, sending as fast as it can;
// - media.h264.cpu: CPU time per frame of the sending loop;
// - media.h264.stall.rss: peak RSS growth of core's sender while the receiver stalls, against
//   the bytes of video it sent meanwhile (what a sender that kept them would grow by).
import { spawnSync } from 'node:child_process';
import { PeerConnection, shutdown } from '@rxdc/core';
import { h264AccessUnits } from '@rxdc/rx';
import nodeDataChannel from 'node-datachannel';
import { firstValueFrom } from 'rxjs';
import { size } from '../harness/mode.mjs';
import { median, spread } from '../harness/stats.mjs';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
const FPS = 30;
const ROUNDS = size(8, 1);
const FRAMES_PER_ROUND = size(600, 30); // 20 s of video, sent as fast as possible
const SSRC = 4242;

/** 90 frames (3 s) of 1080p30 H.264, encoded once and reused (the sender's input, not measured). */
async function encodedFrames() {
  const { stdout, status, stderr } = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=1920x1080:rate=${FPS}`,
      '-t',
      '3',
      '-c:v',
      'libx264',
      '-profile:v',
      'baseline',
      '-pix_fmt',
      'yuv420p',
      '-preset',
      'ultrafast',
      '-tune',
      'zerolatency',
      '-b:v',
      '6M',
      '-g',
      String(FPS),
      '-bf',
      '0',
      '-f',
      'h264',
      '-',
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  if (status !== 0) throw new Error(`ffmpeg failed: ${stderr}`);
  const frames = [];
  for await (const frame of h264AccessUnits([stdout], { framesPerSecond: FPS }))
    frames.push(frame.data);
  return frames;
}

/** A raw receiving peer with a RecvOnly video track it never reads (the stalled receiver). */
function rawReceiver() {
  const peer = new nodeDataChannel.PeerConnection('receiver', loopback);
  const video = new nodeDataChannel.Video('video', 'RecvOnly');
  video.addH264Codec(96);
  const track = peer.addTrack(video);
  track.onOpen(() => {});
  track.onClosed(() => {});
  return { peer, track };
}

/** Wires a sending peer (raw or core, through `signal`) to a raw receiver. */
function wire(receiver, sender) {
  receiver.peer.onLocalDescription((sdp, type) => sender.setRemote(sdp, type));
  receiver.peer.onLocalCandidate((candidate, mid) => sender.addCandidate(candidate, mid));
  return {
    setRemote: (sdp, type) => receiver.peer.setRemoteDescription(sdp, type),
    addCandidate: (candidate, mid) => {
      try {
        receiver.peer.addRemoteCandidate(candidate, mid);
      } catch {}
    },
  };
}

/** The raw baseline: node-datachannel's track with the chain core builds, driven by hand. */
async function rawSender() {
  const receiver = rawReceiver();
  const peer = new nodeDataChannel.PeerConnection('sender', loopback);
  const video = new nodeDataChannel.Video('video', 'SendOnly');
  video.addH264Codec(96);
  video.addSSRC(SSRC, 'bench', 'bench', 'video');
  const track = peer.addTrack(video);
  const config = new nodeDataChannel.RtpPacketizationConfig(SSRC, 'bench', 96, 90_000);
  const packetizer = new nodeDataChannel.H264RtpPacketizer('StartSequence', config);
  packetizer.addToChain(new nodeDataChannel.RtcpSrReporter(config));
  packetizer.addToChain(new nodeDataChannel.RtcpNackResponder(512));
  track.setMediaHandler(packetizer);
  track.onMessage(() => {});
  const opened = new Promise((resolve) => track.onOpen(resolve));
  track.onClosed(() => {});
  const toReceiver = wire(receiver, {
    setRemote: (sdp, type) => peer.setRemoteDescription(sdp, type),
    addCandidate: (candidate, mid) => {
      try {
        peer.addRemoteCandidate(candidate, mid);
      } catch {}
    },
  });
  peer.onLocalDescription((sdp, type) => toReceiver.setRemote(sdp, type));
  peer.onLocalCandidate((candidate, mid) => toReceiver.addCandidate(candidate, mid));
  peer.setLocalDescription();
  await opened;
  const start = config.timestamp;
  return {
    send(frame, timestamp) {
      config.timestamp = (start + Math.round(timestamp * 90_000)) % 2 ** 32;
      track.sendMessageBinary(frame);
    },
    close() {
      track.close();
      receiver.track.close();
      peer.close();
      receiver.peer.close();
    },
  };
}

/** Ours: a core peer's typed video track, sendFrame. */
async function coreSender() {
  const receiver = rawReceiver();
  const peer = new PeerConnection({ ...loopback, name: 'sender' });
  const track = peer.addTrack({
    kind: 'video',
    codec: 'H264',
    ssrc: SSRC,
    cname: 'bench',
    msid: 'bench',
  });
  const toReceiver = wire(receiver, {
    setRemote: (sdp, type) => peer.setRemoteDescription({ sdp, type }),
    addCandidate: (candidate, mid) => {
      try {
        peer.addRemoteCandidate({ candidate, mid });
      } catch {}
    },
  });
  peer.localDescription$.subscribe(({ sdp, type }) => toReceiver.setRemote(sdp, type));
  peer.localCandidate$.subscribe(({ candidate, mid }) => toReceiver.addCandidate(candidate, mid));
  peer.setLocalDescription('offer');
  await firstValueFrom(track.open$);
  return {
    send: (frame, timestamp) => track.sendFrame(frame, { timestamp }),
    close() {
      track.close();
      receiver.track.close();
      peer.close();
      receiver.peer.close();
    },
  };
}

/** Sends FRAMES_PER_ROUND frames as fast as possible: fps, CPU µs per frame, peak RSS growth. */
async function round(openSender, frames) {
  const sender = await openSender();
  // The handshake's last work on the network threads settles before the clock starts.
  await new Promise((resolve) => setTimeout(resolve, 300));
  globalThis.gc?.();
  const rssBefore = process.memoryUsage.rss();
  let rssPeak = rssBefore;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < FRAMES_PER_ROUND; i++) {
    sender.send(frames[i % frames.length], i / FPS);
    if (i % 30 === 29) {
      rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
      // Let the network threads' callbacks run, as a live sender's event loop would.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  sender.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    fps: FRAMES_PER_ROUND / seconds,
    cpuPerFrame: (cpu.user + cpu.system) / FRAMES_PER_ROUND,
    rssGrowth: (rssPeak - rssBefore) / (1024 * 1024),
  };
}

let measured;
/** Every figure of this file comes from the same interleaved rounds (measured once per process). */
async function measureAll() {
  if (measured) return measured;
  const frames = await encodedFrames();
  const ours = [];
  const baseline = [];
  // Alternating which goes first: the one measured second follows the other's teardown.
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      baseline.push(await round(rawSender, frames));
      ours.push(await round(coreSender, frames));
    } else {
      ours.push(await round(coreSender, frames));
      baseline.push(await round(rawSender, frames));
    }
  }
  await shutdown();
  const meanBytes = frames.reduce((sum, f) => sum + f.byteLength, 0) / frames.length;
  measured = { ours, baseline, meanKiB: meanBytes / 1024 };
  return measured;
}

/**
 * One figure from the rounds: each side's median, and the median with its spread of the
 * per-round ratios (each round's two runs shared the machine's load at that moment).
 */
function fromRounds(ours, baseline, key) {
  const ratios = ours.map((round, i) => round[key] / baseline[i][key]);
  return {
    ours: median(ours.map((r) => r[key])),
    baseline: median(baseline.map((r) => r[key])),
    ratio: median(ratios),
    spread: spread(ratios),
    rounds: ratios.length,
  };
}

export default [
  {
    id: 'media.h264.send',
    unit: 'frames/s',
    target: '>= 0.95',
    async measure() {
      const { ours, baseline, meanKiB } = await measureAll();
      return {
        ...fromRounds(ours, baseline, 'fps'),
        extra: { frame: '1920x1080', meanFrameKiB: meanKiB },
      };
    },
  },
  {
    id: 'media.h264.cpu',
    unit: 'µs/frame',
    target: '<= 1.05',
    async measure() {
      const { ours, baseline } = await measureAll();
      return fromRounds(ours, baseline, 'cpuPerFrame');
    },
  },
  {
    id: 'media.h264.stall.rss',
    unit: 'MiB',
    target: '<= 0.25',
    async measure() {
      const { ours, baseline, meanKiB } = await measureAll();
      return {
        ours: Math.max(...ours.map((r) => r.rssGrowth)),
        baseline: (FRAMES_PER_ROUND * meanKiB) / 1024,
        extra: { rawPeakMiB: Math.max(...baseline.map((r) => r.rssGrowth)) },
      };
    },
  },
];
