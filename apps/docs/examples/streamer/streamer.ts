// libdatachannel's examples/streamer, ported C-style to @rxdc/capi-compat: it connects to the
// signaling relay as "server"; for each client that sends {id, type: "request"} it creates a
// peer connection with an H.264 video track and an Opus audio track (each with its native
// packetizer, RTCP sender reporter and NACK responder) and a "ping-pong" data channel, sends
// the offer once gathering is complete, and streams the samples of generate-samples.js (30 fps
// video, 20 ms audio, looped) to every ready client at their timestamps.
// Differences from the C++ original: no STUN server (loopback only), and rtcSetTrackRtpTimestamp
// before rtcSendMessage where C++ calls sendFrame with a timestamp.
//
// Run: node streamer.js [-a opus_dir] [-b h264_dir] [-d ip] [-p port] [-v]. Enter stops it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  RTC_CLOSED,
  RTC_CODEC_H264,
  RTC_CODEC_OPUS,
  RTC_DEFAULT_MAX_STORED_PACKET_COUNT,
  RTC_DIRECTION_SENDONLY,
  RTC_DISCONNECTED,
  RTC_FAILED,
  RTC_GATHERING_COMPLETE,
  RTC_LOG_DEBUG,
  RTC_NAL_SEPARATOR_LENGTH,
  readCString,
  rtcAddTrackEx,
  rtcChainRtcpNackResponder,
  rtcChainRtcpSrReporter,
  rtcCleanup,
  rtcClosePeerConnection,
  rtcCreateDataChannel,
  rtcCreatePeerConnection,
  rtcCreateWebSocket,
  rtcDeletePeerConnection,
  rtcDeleteWebSocket,
  rtcGetCurrentTrackTimestamp,
  rtcGetLocalDescription,
  rtcGetLocalDescriptionType,
  rtcInitLogger,
  rtcSendMessage,
  rtcSetClosedCallback,
  rtcSetErrorCallback,
  rtcSetGatheringStateChangeCallback,
  rtcSetH264Packetizer,
  rtcSetLocalDescription,
  rtcSetMessageCallback,
  rtcSetOpenCallback,
  rtcSetOpusPacketizer,
  rtcSetRemoteDescription,
  rtcSetStateChangeCallback,
  rtcSetTrackRtpTimestamp,
  rtcTransformSecondsToTimestamp,
} from '@rxdc/capi-compat';

// Arguments, as the C++ ArgParser reads them.
const options = { audio: 'samples/opus', video: 'samples/h264', ip: '127.0.0.1', port: 8000 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const flag = argv[i];
  if (flag === '-v') rtcInitLogger(RTC_LOG_DEBUG, (_level, message) => console.log(message));
  else if (flag === '-a') options.audio = argv[++i]!;
  else if (flag === '-b') options.video = argv[++i]!;
  else if (flag === '-d') options.ip = argv[++i]!;
  else if (flag === '-p') options.port = Number(argv[++i]);
}

interface ClientTrack {
  tr: number;
  /** The RTP timestamp of the stream's start on this track. */
  startTimestamp: number;
}
interface Client {
  pc: number;
  dc: number;
  video: ClientTrack;
  audio: ClientTrack;
  state: 'waiting' | 'waiting-for-video' | 'waiting-for-audio' | 'ready';
}
const clients = new Map<string, Client>();

/** A folder of sample-N.<ext> files played at `sampleDuration` seconds each, looped. */
class FileParser {
  readonly samples: Uint8Array[];
  index = -1;
  constructor(
    directory: string,
    extension: string,
    readonly sampleDuration: number,
  ) {
    const count = readdirSync(directory).filter((f) => f.endsWith(extension)).length;
    this.samples = Array.from({ length: count }, (_, n) =>
      readFileSync(join(directory, `sample-${n}${extension}`)),
    );
    if (count === 0) throw new Error(`no ${extension} samples in ${directory}`);
  }
  /** When the next sample is due, in seconds from the start of the stream. */
  get nextTime(): number {
    return (this.index + 1) * this.sampleDuration;
  }
  /** The next sample (looping), and its time in seconds from the start. */
  next(): { sample: Uint8Array; time: number } {
    this.index += 1;
    const sample = this.samples[this.index % this.samples.length]!;
    return { sample, time: this.index * this.sampleDuration };
  }
}

/** The H.264 parser remembers the last SPS (7), PPS (8) and IDR slice (5) for late joiners. */
class H264FileParser extends FileParser {
  readonly initial = new Map<number, Uint8Array>();
  override next(): { sample: Uint8Array; time: number } {
    const next = super.next();
    const view = new DataView(next.sample.buffer, next.sample.byteOffset, next.sample.byteLength);
    for (let i = 0; i + 4 < next.sample.length; ) {
      const end = i + 4 + view.getUint32(i);
      const type = next.sample[i + 4]! & 0x1f;
      if (type === 7 || type === 8 || type === 5)
        this.initial.set(type, next.sample.subarray(i, end));
      i = end;
    }
    return next;
  }
  initialNalus(): Uint8Array {
    return Buffer.concat(
      [7, 8, 5].flatMap((t) => (this.initial.has(t) ? [this.initial.get(t)!] : [])),
    );
  }
}

const video = new H264FileParser(options.video, '.h264', 1 / 30);
const audio = new FileParser(options.audio, '.opus', 0.02);
let streaming: NodeJS.Timeout | undefined;
let streamStart = 0;

function sendSample(type: 'video' | 'audio', sample: Uint8Array, time: number): void {
  for (const [id, client] of clients) {
    if (client.state !== 'ready') continue;
    const track = client[type];
    const elapsed = new Uint32Array(1);
    rtcTransformSecondsToTimestamp(track.tr, time, elapsed);
    rtcSetTrackRtpTimestamp(track.tr, (track.startTimestamp + elapsed[0]!) >>> 0);
    const result = rtcSendMessage(track.tr, sample, sample.length);
    if (result < 0) console.error(`Unable to send ${type} packet to ${id}: error ${result}`);
  }
}

/** Sends whichever sample (video or audio) is due first, then waits for the next one. */
function stream(): void {
  const now = (performance.now() - streamStart) / 1000;
  for (;;) {
    const source = video.nextTime <= audio.nextTime ? video : audio;
    if (source.nextTime > now) break;
    const { sample, time } = source.next();
    sendSample(source === video ? 'video' : 'audio', sample, time);
  }
  if (clients.size === 0) {
    streaming = undefined;
    return;
  }
  const due = Math.min(video.nextTime, audio.nextTime) * 1000 + streamStart;
  streaming = setTimeout(stream, Math.max(0, due - performance.now()));
}

function startStream(): void {
  if (streaming) return;
  video.index = -1;
  audio.index = -1;
  streamStart = performance.now();
  stream();
}

/** A client that joins a running stream gets the last SPS, PPS and key frame first, twice. */
function sendInitialNalus(track: ClientTrack): void {
  const units = video.initialNalus();
  if (units.length === 0) return;
  const frame = new Uint32Array(1);
  rtcTransformSecondsToTimestamp(track.tr, video.sampleDuration, frame);
  rtcSetTrackRtpTimestamp(track.tr, (track.startTimestamp - frame[0]! * 2) >>> 0);
  rtcSendMessage(track.tr, units, units.length);
  rtcSetTrackRtpTimestamp(track.tr, (track.startTimestamp - frame[0]!) >>> 0);
  rtcSendMessage(track.tr, units, units.length);
}

function addToStream(client: Client, isAddingVideo: boolean): void {
  if (client.state === 'waiting') {
    client.state = isAddingVideo ? 'waiting-for-audio' : 'waiting-for-video';
  } else if (
    (client.state === 'waiting-for-audio' && !isAddingVideo) ||
    (client.state === 'waiting-for-video' && isAddingVideo)
  ) {
    if (streaming) sendInitialNalus(client.video);
    client.state = 'ready';
  }
  if (client.state === 'ready') startStream();
}

function addTrack(
  pc: number,
  kind: 'video' | 'audio',
  payloadType: number,
  ssrc: number,
  cname: string,
  msid: string,
): ClientTrack {
  const tr = rtcAddTrackEx(pc, {
    direction: RTC_DIRECTION_SENDONLY,
    codec: kind === 'video' ? RTC_CODEC_H264 : RTC_CODEC_OPUS,
    payloadType,
    ssrc,
    mid: cname,
    name: cname,
    msid,
    trackId: cname,
    // libdatachannel's default profiles (addH264Codec / addOpusCodec without one).
    profile:
      kind === 'video'
        ? 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1'
        : 'minptime=10;maxaveragebitrate=96000;stereo=1;sprop-stereo=1;useinbandfec=1',
  });
  const init = { ssrc, cname, payloadType, clockRate: kind === 'video' ? 90000 : 48000 };
  if (kind === 'video')
    rtcSetH264Packetizer(tr, { ...init, nalSeparator: RTC_NAL_SEPARATOR_LENGTH });
  else rtcSetOpusPacketizer(tr, init);
  rtcChainRtcpSrReporter(tr);
  rtcChainRtcpNackResponder(tr, RTC_DEFAULT_MAX_STORED_PACKET_COUNT);
  const start = new Uint32Array(1);
  rtcGetCurrentTrackTimestamp(tr, start);
  return { tr, startTimestamp: start[0]! };
}

function createPeerConnection(ws: number, id: string): Client {
  const pc = rtcCreatePeerConnection({ bindAddress: options.ip, disableAutoNegotiation: true });
  rtcSetStateChangeCallback(pc, (_pc, state) => {
    console.log(`State: ${state}`);
    if (state === RTC_DISCONNECTED || state === RTC_FAILED || state === RTC_CLOSED) {
      const client = clients.get(id);
      if (client?.pc === pc) {
        clients.delete(id);
        rtcDeletePeerConnection(pc);
      }
    }
  });
  rtcSetGatheringStateChangeCallback(pc, (_pc, state) => {
    console.log(`Gathering State: ${state}`);
    if (state !== RTC_GATHERING_COMPLETE) return;
    const sdp = new Uint8Array(16384);
    const type = new Uint8Array(16);
    if (rtcGetLocalDescription(pc, sdp, sdp.length) < 0) return;
    rtcGetLocalDescriptionType(pc, type, type.length);
    const message = { id, type: readCString(type), sdp: readCString(sdp) };
    rtcSendMessage(ws, JSON.stringify(message), -1);
  });
  const client: Client = {
    pc,
    dc: 0,
    video: addTrack(pc, 'video', 102, 1, 'video-stream', 'stream1'),
    audio: addTrack(pc, 'audio', 111, 2, 'audio-stream', 'stream1'),
    state: 'waiting',
  };
  rtcSetOpenCallback(client.video.tr, () => {
    console.log(`Video from ${id} opened`);
    addToStream(client, true);
  });
  rtcSetOpenCallback(client.audio.tr, () => {
    console.log(`Audio from ${id} opened`);
    addToStream(client, false);
  });
  client.dc = rtcCreateDataChannel(pc, 'ping-pong');
  rtcSetOpenCallback(client.dc, (dc) => rtcSendMessage(dc, 'Ping', -1));
  rtcSetMessageCallback(client.dc, (dc, message, size) => {
    if (size >= 0) return;
    console.log(`Message from ${id} received: ${message}`);
    rtcSendMessage(dc, 'Ping', -1);
  });
  rtcSetLocalDescription(pc, null);
  return client;
}

function wsOnMessage(ws: number, message: { id?: string; type?: string; sdp?: string }): void {
  const { id, type } = message;
  if (typeof id !== 'string' || typeof type !== 'string') return;
  if (type === 'request') {
    clients.set(id, createPeerConnection(ws, id));
  } else if (type === 'answer') {
    const client = clients.get(id);
    if (client && typeof message.sdp === 'string')
      rtcSetRemoteDescription(client.pc, message.sdp, type);
  }
}

const url = `ws://${options.ip}:${options.port}/server`;
console.log(`URL is ${url}`);
const ws = rtcCreateWebSocket(url);
rtcSetOpenCallback(ws, () => console.log('WebSocket connected, signaling ready'));
rtcSetErrorCallback(ws, (_ws, error) => console.log(`WebSocket failed: ${error}`));
rtcSetClosedCallback(ws, () => console.log('WebSocket closed'));
rtcSetMessageCallback(ws, (_ws, data, size) => {
  if (size >= 0) return; // text only
  wsOnMessage(ws, JSON.parse(data as string));
});
console.log('Waiting for signaling to be connected...');

const exit = async () => {
  console.log('exiting');
  clearTimeout(streaming);
  for (const client of clients.values()) rtcClosePeerConnection(client.pc);
  for (const client of clients.values()) rtcDeletePeerConnection(client.pc);
  clients.clear();
  rtcDeleteWebSocket(ws);
  console.log('Cleaning up...');
  await rtcCleanup();
  process.exit(0);
};
console.log('Enter to exit');
createInterface({ input: process.stdin }).once('line', exit);
process.once('SIGINT', exit);
