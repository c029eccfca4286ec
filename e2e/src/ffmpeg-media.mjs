// Live media for the tests, made at test time by Debian's ffmpeg (libx264, libopus) and read
// from its stdout: an H.264 Annex-B stream of a moving test pattern at a known size and rate,
// and an Ogg Opus stream of a tone. ffmpeg runs at its own speed; the pipe's backpressure
// holds it to the player's (playFrames pulls one frame at a time). stop() ends it.
import { spawn } from 'node:child_process';
import { h264AccessUnits, oggOpusFrames } from '@rxdc/rx';

function run(args) {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  child.on('error', (error) => {
    stderr += String(error);
  });
  return {
    stdout: child.stdout,
    get stderr() {
      return stderr;
    },
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * H.264 access units of a `width` x `height` test pattern at `fps` for `seconds`: constrained
 * baseline (what a browser decodes everywhere), no B-frames, a key frame every second.
 */
export function h264Frames({ width, height, fps, seconds }) {
  const ffmpeg = run([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${width}x${height}:rate=${fps}`,
    '-t',
    String(seconds),
    '-c:v',
    'libx264',
    '-profile:v',
    'baseline',
    '-level',
    '3.1',
    '-pix_fmt',
    'yuv420p',
    '-tune',
    'zerolatency',
    '-preset',
    'ultrafast',
    '-g',
    String(fps),
    '-bf',
    '0',
    '-f',
    'h264',
    '-',
  ]);
  return { frames: h264AccessUnits(ffmpeg.stdout, { framesPerSecond: fps }), ffmpeg };
}

/** Opus packets (20 ms) of a 440 Hz tone for `seconds`, from an Ogg stream. */
export function opusFrames({ seconds }) {
  const ffmpeg = run([
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    String(seconds),
    '-af',
    'volume=0.5',
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
  ]);
  return { frames: oggOpusFrames(ffmpeg.stdout), ffmpeg };
}
