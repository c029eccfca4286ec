// The C-style ports of libdatachannel's media-sender and media-receiver examples, run the way
// their README says, with this test as the browser: it answers the printed offer (a
// capi-compat peer), pastes the answer on the example's input, and plays the RTP side (ffmpeg
// sends RTP H.264 to the sender; the receiver forwards what it gets to a UDP socket here).
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import {
  RTC_GATHERING_COMPLETE,
  RTC_NAL_SEPARATOR_LONG_START_SEQUENCE,
  readCString,
  rtcCleanup,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcGetLocalDescription,
  rtcSendMessage,
  rtcSetGatheringStateChangeCallback,
  rtcSetH264Packetizer,
  rtcSetMessageCallback,
  rtcSetOpenCallback,
  rtcSetRemoteDescription,
  rtcSetTrackCallback,
  rtcSetTrackRtpTimestamp,
} from '@rxdc/capi-compat';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compileExamples, type ExampleRun, startExample } from './run-example.js';

beforeAll(() => compileExamples());
afterAll(async () => {
  await rtcCleanup();
});

/** A free UDP port on 127.0.0.1 (bound, then released). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Answers the offer the example prints with a capi-compat peer (as the browser page does),
 * and pastes the answer on the example's input. Returns the answering peer.
 */
async function answerExample(run: ExampleRun, onTrack: (tr: number) => void): Promise<number> {
  const [line] = await run.waitFor(/^\{"type":"offer".*\}$/m, 20_000);
  const offer = JSON.parse(line) as { type: string; sdp: string };
  const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  let complete = false;
  rtcSetGatheringStateChangeCallback(pc, (_pc, state) => {
    complete = state === RTC_GATHERING_COMPLETE;
  });
  rtcSetTrackCallback(pc, (_pc, tr) => onTrack(tr));
  expect(rtcSetRemoteDescription(pc, offer.sdp, offer.type)).toBe(0);
  await until(() => complete, 'the answer gathered');
  const sdp = new Uint8Array(16384);
  expect(rtcGetLocalDescription(pc, sdp, sdp.length)).toBeGreaterThan(0);
  run.child.stdin?.write(`${JSON.stringify({ type: 'answer', sdp: readCString(sdp) })}\n`);
  return pc;
}

test('media-sender forwards ffmpeg RTP H.264 from its UDP port to the track, with its SSRC', async () => {
  const port = await freeUdpPort();
  const run = startExample('capi-media-sender', [String(port)], { stdin: 'pipe' });
  await run.waitFor(new RegExp(`RTP video stream expected on localhost:${port}`), 15_000);
  const packets: Uint8Array[] = [];
  let open = false;
  const pc = await answerExample(run, (tr) => {
    rtcSetOpenCallback(tr, () => {
      open = true;
    });
    rtcSetMessageCallback(tr, (_tr, message) => {
      const packet = message as Uint8Array;
      if (packet[1]! < 192 || packet[1]! > 223) packets.push(Uint8Array.from(packet));
    });
  });
  const ffmpeg = spawn(
    'ffmpeg',
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-re'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30', '-t', '20'],
      ...['-c:v', 'libx264', '-profile:v', 'baseline', '-tune', 'zerolatency', '-g', '30'],
      ...['-f', 'rtp', '-payload_type', '96', '-pkt_size', '1200', `rtp://127.0.0.1:${port}`],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  try {
    await until(() => open, 'the answerer track open');
    await until(() => packets.length >= 60, '60 RTP packets forwarded');
    for (const packet of packets) {
      expect(packet[1]! & 0x7f).toBe(96);
      expect(new DataView(packet.buffer).getUint32(8)).toBe(42);
    }
  } finally {
    ffmpeg.kill('SIGKILL');
    rtcDeletePeerConnection(pc);
  }
  run.child.stdin?.end('\n');
  const result = await run.exit(15_000);
  expect(result.signal, run.stderr()).toBeNull();
  expect(result.code, run.stderr()).toBe(0);
  expect(run.stderr()).toBe('');
  expect(run.stdout()).toMatch(/^stopped$/m);
}, 90_000);

test('media-receiver forwards the RTP of its receive-only track to UDP, and asks for 3 Mbit/s', async () => {
  const port = await freeUdpPort();
  const forwarded: Buffer[] = [];
  const sink: Socket = createSocket('udp4');
  sink.on('message', (packet) => forwarded.push(packet));
  await new Promise<void>((resolve) => sink.bind(port, '127.0.0.1', resolve));
  const run = startExample('capi-media-receiver', [String(port)], { stdin: 'pipe' });
  let track = 0;
  let open = false;
  const pc = await answerExample(run, (tr) => {
    track = tr;
    expect(
      rtcSetH264Packetizer(tr, {
        ssrc: 7,
        cname: 'camera',
        payloadType: 96,
        clockRate: 90000,
        nalSeparator: RTC_NAL_SEPARATOR_LONG_START_SEQUENCE,
      }),
    ).toBe(0);
    rtcSetOpenCallback(tr, () => {
      open = true;
    });
  });
  try {
    expect(run.stdout()).toContain('b=AS:3000');
    await run.waitFor(/Press any key to exit/, 10_000);
    await until(() => open, 'the answerer track open');
    const frame = Uint8Array.from([0, 0, 0, 1, 0x65, ...new Uint8Array(2500).fill(7)]);
    for (let i = 0; i < 30; i++) {
      rtcSetTrackRtpTimestamp(track, i * 3000);
      expect(rtcSendMessage(track, frame, frame.length)).toBe(0);
      await new Promise((r) => setTimeout(r, 10));
    }
    await until(() => forwarded.length >= 90, '90 RTP packets forwarded to UDP');
    for (const packet of forwarded) {
      expect(packet[1]! & 0x7f).toBe(96);
      expect(packet.readUInt32BE(8)).toBe(7);
    }
  } finally {
    rtcDeletePeerConnection(pc);
    sink.close();
  }
  run.child.stdin?.end('x\n');
  const result = await run.exit(15_000);
  expect(result.signal, run.stderr()).toBeNull();
  expect(result.code, run.stderr()).toBe(0);
  expect(run.stdout()).toMatch(/^stopped$/m);
}, 90_000);
