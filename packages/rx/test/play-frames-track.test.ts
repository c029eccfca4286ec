// playFrames onto a real @rxdc/core track between two node peers on loopback: the frames of a
// file made by ffmpeg (fixtures/make-fixtures.sh) arrive as RTP at their timestamps, and a paced
// track's bounded queue holds the player back instead of failing it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AddTrackOptions,
  PeerConnection,
  type RtpHeader,
  readRtpHeader,
  type Track,
} from '@rxdc/core';
import { firstValueFrom, lastValueFrom, timeout, toArray } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { h264AccessUnits } from '../src/media/h264-access-units.js';
import { playFrames } from '../src/media/play-frames.js';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
const h264 = readFileSync(join(import.meta.dirname, 'fixtures', 'testsrc-64x48-10f.h264'));
const opened: PeerConnection[] = [];
afterEach(() => {
  for (const peer of opened.splice(0)) peer.close();
});

/** A sending video track on a and a receiving one on b, open. */
async function videoPair(
  options: AddTrackOptions = {},
): Promise<{ sender: Track; receiver: Track }> {
  const a = new PeerConnection({ ...loopback, name: 'a' });
  const b = new PeerConnection({ ...loopback, name: 'b' });
  opened.push(a, b);
  a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
  a.localCandidate$.subscribe((c) => b.addRemoteCandidate(c));
  b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
  b.localCandidate$.subscribe((c) => a.addRemoteCandidate(c));
  const receiver = b.addTrack({ kind: 'video', codec: 'H264', direction: 'RecvOnly' });
  const sender = a.addTrack({ kind: 'video', codec: 'H264' }, options);
  a.setLocalDescription('offer');
  await firstValueFrom(sender.open$.pipe(timeout(15_000)));
  await firstValueFrom(receiver.open$.pipe(timeout(15_000)));
  return { sender, receiver };
}

/** The first RTP header of each of `count` frames (a frame ends with a marker bit). */
function frameStarts(receiver: Track, count: number): Promise<RtpHeader[]> {
  return new Promise((resolve, reject) => {
    const starts: RtpHeader[] = [];
    let next = true;
    const subscription = receiver.messages$.subscribe({
      next: (packet) => {
        const header = readRtpHeader(packet);
        if (!header) return;
        if (next) starts.push(header);
        next = header.marker;
        if (header.marker && starts.length === count) {
          subscription.unsubscribe();
          resolve(starts);
        }
      },
      error: reject,
    });
  });
}

describe('playFrames onto a core track', () => {
  test("a file's access units arrive as RTP, each at its timestamp in the 90 kHz clock", async () => {
    const { sender, receiver } = await videoPair();
    const arrived = frameStarts(receiver, 10);
    const played = await lastValueFrom(
      playFrames(sender, h264AccessUnits([h264], { framesPerSecond: 10 })).pipe(toArray()),
    );
    expect(played.map((f) => f.timestamp)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => n / 10),
    );
    const starts = await arrived;
    const first = starts[0]?.timestamp ?? 0;
    expect(starts.map((h) => (h.timestamp - first + 2 ** 32) % 2 ** 32)).toEqual(
      Array.from({ length: 10 }, (_, n) => n * 9000),
    );
  });

  test('a paced track with a small queue holds the player back (bufferedAmountLow$), never LIMIT_EXCEEDED', async () => {
    // 10 frames, each due at once, into a 40 kbit/s track whose queue takes 2 kB.
    const { sender, receiver } = await videoPair({
      pacing: { bitsPerSecond: 40_000, maxBufferedBytes: 2000 },
    });
    const arrived = frameStarts(receiver, 10);
    const frames = [];
    for await (const frame of h264AccessUnits([h264], { framesPerSecond: 10 })) {
      frames.push({ ...frame, timestamp: 0 });
    }
    const played = await lastValueFrom(
      playFrames(sender, frames, { highWaterMark: 100 }).pipe(toArray()),
    );
    expect(played).toHaveLength(10);
    expect(await arrived).toHaveLength(10);
  });
});
