// The samples of libdatachannel's streamer example (examples/streamer/samples), made as its
// generate_h264.py and generate_opus.py make them, from Debian's ffmpeg instead of a video file:
// h264/sample-N.h264 holds access unit N with each NAL unit behind a 4-byte big-endian length
// (NalUnit::Separator::Length), opus/sample-N.opus holds Opus packet N (20 ms).
//
// Run: node generate-samples.js <directory> [seconds=10] [width=640] [height=480] [fps=30]
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { h264AccessUnits, oggOpusFrames } from '@rxdc/rx';

const [directory = 'samples', seconds = '10', width = '640', height = '480', fps = '30'] =
  process.argv.slice(2);

function ffmpeg(args: string[]) {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { stdout: child.stdout, exited };
}

/** An Annex-B access unit (each NAL unit behind 00 00 00 01) with 4-byte lengths instead. */
function withLengths(unit: Uint8Array): Uint8Array {
  const starts: number[] = [];
  for (let i = 0; i + 3 < unit.length; i++) {
    if (unit[i] === 0 && unit[i + 1] === 0 && unit[i + 2] === 0 && unit[i + 3] === 1)
      starts.push(i);
  }
  const out = new Uint8Array(unit.length);
  const view = new DataView(out.buffer);
  let at = 0;
  starts.forEach((start, n) => {
    const nal = unit.subarray(start + 4, starts[n + 1] ?? unit.length);
    view.setUint32(at, nal.length);
    out.set(nal, at + 4);
    at += 4 + nal.length;
  });
  return out.subarray(0, at);
}

const h264Dir = join(directory, 'h264');
const opusDir = join(directory, 'opus');
mkdirSync(h264Dir, { recursive: true });
mkdirSync(opusDir, { recursive: true });

// Constrained baseline (what every browser decodes), no B-frames, a key frame every second.
const video = ffmpeg([
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${width}x${height}:rate=${fps}`,
  '-t',
  seconds,
  '-c:v',
  'libx264',
  '-profile:v',
  'baseline',
  '-level',
  '3.1',
  '-pix_fmt',
  'yuv420p',
  '-preset',
  'ultrafast',
  '-tune',
  'zerolatency',
  '-g',
  fps,
  '-bf',
  '0',
  '-f',
  'h264',
  '-',
]); // prettier-ignore
let videoSamples = 0;
for await (const unit of h264AccessUnits(video.stdout, { framesPerSecond: Number(fps) })) {
  writeFileSync(join(h264Dir, `sample-${videoSamples++}.h264`), withLengths(unit.data));
}

const audio = ffmpeg([
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:sample_rate=48000',
  '-t',
  seconds,
  '-ac',
  '2',
  '-c:a',
  'libopus',
  '-b:a',
  '64k',
  '-frame_duration',
  '20',
  '-f',
  'ogg',
  '-',
]); // prettier-ignore
let audioSamples = 0;
for await (const packet of oggOpusFrames(audio.stdout)) {
  writeFileSync(join(opusDir, `sample-${audioSamples++}.opus`), packet.data);
}

const codes = [await video.exited, await audio.exited];
if (codes.some((code) => code !== 0)) {
  console.error(`ffmpeg failed (exit codes ${codes.join(', ')})`);
  process.exit(1);
}
console.log(
  `wrote ${videoSamples} H.264 samples to ${h264Dir}, ${audioSamples} Opus samples to ${opusDir}`,
);
