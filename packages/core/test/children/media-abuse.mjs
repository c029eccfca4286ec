// Media sent wrongly, in a child process (an abort must fail the test, not kill the runner):
// random bytes as frames (with and without a start code), frames of every odd size, frames
// while the peer closes under a paced queue, after the track closed and after the peer closed,
// and requestKeyframe/requestBitrate at every stage. Every failure must be an RtcError with a
// code; the process must exit by itself. Prints the codes seen, then "finished".
import { randomBytes } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { PeerConnection, RtcError, shutdown } from '../../dist/index.js';

const config = { iceServers: [], bindAddress: '127.0.0.1' };
const codes = new Map();
function attempt(call) {
  try {
    call();
    codes.set('ok', (codes.get('ok') ?? 0) + 1);
  } catch (error) {
    if (!(error instanceof RtcError)) {
      console.log(`not an RtcError: ${error}`);
      process.exitCode = 1;
      return;
    }
    codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
  }
}

const a = new PeerConnection({ ...config, name: 'a' });
const b = new PeerConnection({ ...config, name: 'b' });
a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
a.localCandidate$.subscribe((c) => attempt(() => b.addRemoteCandidate(c)));
b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
b.localCandidate$.subscribe((c) => attempt(() => a.addRemoteCandidate(c)));
const receiver = b.addTrack({ kind: 'video', codec: 'H264', direction: 'RecvOnly' });
const audioIn = b.addTrack({ kind: 'audio', codec: 'opus', direction: 'RecvOnly' });
receiver.messages$.subscribe({ error: () => {} });
audioIn.messages$.subscribe({ error: () => {} });
const video = a.addTrack(
  { kind: 'video', codec: 'H264' },
  { pacing: { bitsPerSecond: 1_000_000, maxBufferedBytes: 256 * 1024 } },
);
const audio = a.addTrack({ kind: 'audio', codec: 'opus' });
attempt(() => video.requestKeyframe());
attempt(() => video.sendFrame(randomBytes(100), { timestamp: 0 }));
a.setLocalDescription('offer');
await firstValueFrom(video.open$);
await firstValueFrom(receiver.open$);

for (let i = 0; i < 300; i++) {
  const size = [1, 2, 3, 4, 5, 7, 1200, 1500, 65_536, 300_000][i % 10];
  const garbage = randomBytes(size);
  attempt(() => video.sendFrame(garbage, { timestamp: i / 30 }));
  attempt(() =>
    video.sendFrame(Buffer.concat([Buffer.from([0, 0, 0, 1]), garbage]), { timestamp: i / 30 }),
  );
  attempt(() => video.sendFrame(Buffer.from([0, 0, 1]), { timestamp: i / 30 }));
  attempt(() => audio.sendFrame(garbage, { timestamp: i / 50 }));
  attempt(() =>
    video.sendFrame(garbage, { timestamp: [-1, Number.POSITIVE_INFINITY, 2 ** 40][i % 3] }),
  );
  attempt(() => receiver.requestKeyframe());
  attempt(() => receiver.requestBitrate([0, 1, 2 ** 32, -1, 1.5][i % 5]));
  if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
}
// The peer closes while the paced queue holds frames; everything after is CLOSED.
a.close();
attempt(() => video.sendFrame(Buffer.from([0, 0, 0, 1, 0x65, 1]), { timestamp: 99 }));
attempt(() => video.requestKeyframe());
attempt(() => video.requestBitrate(1000));
b.close();
attempt(() => receiver.requestKeyframe());
await shutdown();
console.log(JSON.stringify(Object.fromEntries(codes)));
console.log('finished');
