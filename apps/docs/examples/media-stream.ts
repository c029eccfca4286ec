// A camera-like stream between two node peers: ffmpeg encodes a moving test pattern to H.264
// (Annex-B on its stdout), @rxdc/rx cuts it into access units and plays them onto alice's video
// track at their timestamps, and bob's receive-only track gets the RTP. Bob asks for a key
// frame; alice hears it. Needs Debian's (or any) ffmpeg with libx264 on the PATH.
// #region example

import { spawn } from 'node:child_process';
import { PeerConnection, readRtpHeader, shutdown } from '@rxdc/core';
import { h264AccessUnits, playFrames } from '@rxdc/rx';
import { filter, firstValueFrom, take, toArray } from 'rxjs';

const config = { iceServers: [], bindAddress: '127.0.0.1' };
const alice = new PeerConnection({ ...config, name: 'alice' });
const bob = new PeerConnection({ ...config, name: 'bob' });
alice.localDescription$.subscribe((description) => bob.setRemoteDescription(description));
alice.localCandidate$.subscribe((candidate) => bob.addRemoteCandidate(candidate));
bob.localDescription$.subscribe((description) => alice.setRemoteDescription(description));
bob.localCandidate$.subscribe((candidate) => alice.addRemoteCandidate(candidate));

// Bob receives on the mid alice sends on; alice sends H.264 with an msid (a browser's stream).
const camera = bob.addTrack({ kind: 'video', codec: 'H264', direction: 'RecvOnly' });
const video = alice.addTrack({ kind: 'video', codec: 'H264', msid: 'camera' });
alice.setLocalDescription('offer');
await firstValueFrom(video.open$);

// 320x240 at 30 frames per second, a key frame every second, no B-frames (what WebRTC wants).
const ffmpeg = spawn(
  'ffmpeg',
  [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=30',
    '-t',
    '3',
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-pix_fmt',
    'yuv420p',
    '-tune',
    'zerolatency',
    '-g',
    '30',
    '-bf',
    '0',
    '-f',
    'h264',
    '-',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const playing = playFrames(
  video,
  h264AccessUnits(ffmpeg.stdout, { framesPerSecond: 30 }),
).subscribe({
  error: (error) => console.error('playing stopped:', error),
});

// Thirty frames (the last packet of each carries the marker bit), at alice's payload type.
const frames = await firstValueFrom(
  camera.messages$.pipe(
    filter((packet) => readRtpHeader(packet)?.marker === true),
    take(30),
    toArray(),
  ),
);
const header = readRtpHeader(frames[0] as Buffer);
console.log(`bob received ${frames.length} frames, payload type ${header?.payloadType}`);

// The receiver asks for a key frame (an RTCP PLI); the sender's encoder would make one.
const asked = firstValueFrom(video.keyframeRequest$);
camera.requestKeyframe();
await asked;
console.log('alice was asked for a key frame');

playing.unsubscribe(); // stops playing and closes ffmpeg's stdout
ffmpeg.kill();
alice.close();
bob.close();
await shutdown();
console.log('done');
// #endregion example
