// Chromium receives H.264 (and Opus) sent by the C-style port of libdatachannel's streamer
// example (apps/docs/examples/streamer, on @rxdc/capi-compat): samples made by its
// generate-samples script from Debian's ffmpeg, relayed by the port of the signaling server.
// The test stands in for the example's browser client's signaling (it relays the offer and the
// answer between the relay and the page, which answers as the client's page does).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  rtcCleanup,
  rtcCreateWebSocket,
  rtcDeleteWebSocket,
  rtcSendMessage,
  rtcSetMessageCallback,
  rtcSetOpenCallback,
} from '@rxdc/capi-compat';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { compileExamples, startExample } from '../../apps/docs/test/run-example.ts';
import { fakeMediaArgs, launchChromium } from '../src/launch-chromium.mjs';
import { serveStatic } from '../src/static-server.mjs';

const pageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'page-media');
const WIDTH = 640;
const HEIGHT = 480;

let chromium;
let http;
let samples;
const runs = [];

beforeAll(async () => {
  compileExamples();
  samples = mkdtempSync(join(tmpdir(), 'rxdc-streamer-samples-'));
  const generate = startExample('streamer/generate-samples', [
    samples,
    '12',
    String(WIDTH),
    String(HEIGHT),
    '30',
  ]);
  const generated = await generate.exit(60_000);
  expect(generated.code, generate.stderr()).toBe(0);
  expect(generate.stdout()).toMatch(/wrote 360 H\.264 samples .* Opus samples/);
  http = await serveStatic(pageDir);
  chromium = await launchChromium({ extraArgs: fakeMediaArgs });
});

afterAll(async () => {
  for (const run of runs) if (run.child.exitCode === null) run.child.kill('SIGKILL');
  await chromium?.close();
  await http?.close();
  await rtcCleanup();
  if (samples) rmSync(samples, { recursive: true, force: true });
});

/** Polls `read` until `done(value)` or `ms` pass; resolves with the last value either way. */
async function pollUntil(read, done, ms) {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

test('the capi-compat streamer port streams H.264 that Chromium decodes at the size sent', async () => {
  const relay = startExample('streamer/signaling-server', ['0']);
  runs.push(relay);
  const [, port] = await relay.waitFor(/listening on 127\.0\.0\.1:(\d+)/, 15_000);
  const streamer = startExample(
    'streamer/streamer',
    ['-b', join(samples, 'h264'), '-a', join(samples, 'opus'), '-p', port],
    { stdin: 'pipe' },
  );
  runs.push(streamer);
  await streamer.waitFor(/WebSocket connected, signaling ready/, 15_000);

  const page = await chromium.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`http://127.0.0.1:${http.port}/media.html`);

  // The client's signaling (client.js): ask "server" for a stream, answer its offer.
  const client = rtcCreateWebSocket(`ws://127.0.0.1:${port}/browser`);
  const answered = new Promise((resolve, reject) => {
    rtcSetOpenCallback(client, () =>
      rtcSendMessage(client, JSON.stringify({ id: 'server', type: 'request' }), -1),
    );
    rtcSetMessageCallback(client, (_ws, data, size) => {
      if (size >= 0) return;
      const message = JSON.parse(data);
      if (message.type !== 'offer') return;
      page
        .evaluate((offer) => window.mediaPage.answer(offer, []), {
          type: 'offer',
          sdp: message.sdp,
        })
        .then((answer) => {
          rtcSendMessage(
            client,
            JSON.stringify({ id: 'server', type: 'answer', sdp: answer.sdp }),
            -1,
          );
          resolve(message.sdp);
        }, reject);
    });
  });
  const offer = await answered;
  // The offer carries the tracks as the C++ example writes them (msid for the page's stream).
  expect(offer).toContain('a=ssrc:1 msid:stream1 video-stream');
  expect(offer).toContain('a=rtpmap:102 H264/90000');

  const read = () => page.evaluate(() => window.mediaPage.stats());
  const started = Date.now();
  // At least 60 frames decoded within 10 s, at the width and height sent.
  const decoded = await pollUntil(read, (s) => (s.inbound.video?.framesDecoded ?? 0) >= 60, 10_000);
  expect(decoded.inbound.video).toMatchObject({ frameWidth: WIDTH, frameHeight: HEIGHT, ssrc: 1 });
  expect(decoded.inbound.video.framesDecoded).toBeGreaterThanOrEqual(60);
  console.log(
    `streamer port: ${decoded.inbound.video.framesDecoded} frames decoded ` +
      `(${decoded.inbound.video.frameWidth}x${decoded.inbound.video.frameHeight}) ` +
      `${Date.now() - started} ms after the answer`,
  );
  // The Opus track plays too.
  expect(decoded.inbound.audio?.packetsReceived ?? 0).toBeGreaterThan(0);
  expect(decoded.inbound.audio.ssrc).toBe(2);
  expect(errors).toEqual([]);
  await page.evaluate(() => window.mediaPage.close());
  await page.close();
  rtcDeleteWebSocket(client);

  // Enter stops the streamer, Ctrl+C the relay: both exit by themselves with code 0.
  streamer.child.stdin.end('\n');
  const streamed = await streamer.exit(15_000);
  expect(streamed.signal, streamer.stderr()).toBeNull();
  expect(streamed.code, streamer.stderr()).toBe(0);
  expect(streamer.stdout()).toMatch(/Video from browser opened/);
  relay.child.kill('SIGINT');
  const relayed = await relay.exit(15_000);
  expect(relayed.code, relay.stderr()).toBe(0);
});
