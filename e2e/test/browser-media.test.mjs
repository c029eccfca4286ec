// Media between Debian's Chromium and node, for real: H.264 and Opus made by Debian's ffmpeg
// at test time, sent by @rxdc/core's Track (sendFrame, played at their timestamps by playFrames
// of @rxdc/rx) and decoded by Chromium; the same through the transceiver @rxdc/ws-server's
// dsl_transceiver_webrtc_new creates, to a page that behaves as DSL's webrtc.html; and
// Chromium's fake camera received by a node track, which asks it for key frames.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PeerConnection, readRtpHeader, shutdown } from '@rxdc/core';
import { playFrames } from '@rxdc/rx';
import {
  DSL_RESULT_SUCCESS,
  DSL_TRANSCEIVER_MEDIA_VIDEO_H264,
  dsl_transceiver_webrtc_delete,
  dsl_transceiver_webrtc_get,
  dsl_transceiver_webrtc_new,
  dsl_websocket_server_listening_start,
  dsl_websocket_server_listening_state_get,
  dsl_websocket_server_listening_stop,
} from '@rxdc/ws-server/dsl';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { h264Frames, opusFrames } from '../src/ffmpeg-media.mjs';
import { fakeMediaArgs, launchChromium } from '../src/launch-chromium.mjs';
import { serveStatic } from '../src/static-server.mjs';

const pageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'page-media');
const WIDTH = 640;
const HEIGHT = 480;
const FPS = 30;

let chromium;
let http;
/** What each test opened, closed after it. */
let cleanups = [];

beforeAll(async () => {
  http = await serveStatic(pageDir);
  chromium = await launchChromium({ extraArgs: fakeMediaArgs });
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

afterAll(async () => {
  await chromium?.close();
  await http?.close();
  await shutdown();
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

async function openPage(path) {
  const page = await chromium.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  await page.goto(`http://127.0.0.1:${http.port}/${path}`);
  cleanups.push(() => page.close());
  return { page, errors };
}

/** Node offers its tracks; the page answers (with its camera when asked). */
async function connectToPage(page, peer, { camera = false } = {}) {
  const candidates = [];
  peer.localCandidate$.subscribe((candidate) => candidates.push(candidate));
  const offer = firstValueFrom(peer.localDescription$);
  peer.setLocalDescription('offer');
  const description = await offer;
  await firstValueFrom(
    peer.gatheringState$.pipe(
      filter((state) => state === 'complete'),
      timeout(10_000),
    ),
  );
  const answer = await page.evaluate(
    ({ offer, candidates, camera }) => window.mediaPage.answer(offer, candidates, { camera }),
    { offer: { type: description.type, sdp: description.sdp }, candidates, camera },
  );
  peer.setRemoteDescription(answer);
  return answer;
}

/** Plays ffmpeg's frames onto `track` once it opens; stops with the test. */
function play(track, source) {
  const errors = [];
  const subscription = playFrames(track, source.frames).subscribe({
    error: (error) => errors.push(error),
  });
  cleanups.push(() => {
    subscription.unsubscribe();
    source.ffmpeg.stop();
  });
  return errors;
}

describe('node sends, Chromium plays', () => {
  test('H.264 from core reaches Chromium decoded at the size sent; Opus is heard', async () => {
    const { page, errors } = await openPage('media.html');
    const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
    cleanups.push(() => peer.close());
    const video = peer.addTrack({ kind: 'video', codec: 'H264', msid: 'e2e' });
    const audio = peer.addTrack({ kind: 'audio', codec: 'opus', msid: 'e2e' });
    const bitrates = [];
    video.bitrateRequest$.subscribe((bits) => bitrates.push(bits));
    await connectToPage(page, peer);
    await firstValueFrom(video.open$.pipe(timeout(20_000)));
    await firstValueFrom(audio.open$.pipe(timeout(20_000)));
    const videoErrors = play(
      video,
      h264Frames({ width: WIDTH, height: HEIGHT, fps: FPS, seconds: 20 }),
    );
    const audioErrors = play(audio, opusFrames({ seconds: 20 }));

    const read = () => page.evaluate(() => window.mediaPage.stats());
    const first = await pollUntil(read, (s) => (s.inbound.audio?.packetsReceived ?? 0) > 0, 10_000);
    // At least 60 frames decoded within 10 s, at the width and height sent.
    const decoded = await pollUntil(
      read,
      (s) => (s.inbound.video?.framesDecoded ?? 0) >= 60,
      10_000,
    );
    expect(decoded.inbound.video).toMatchObject({ frameWidth: WIDTH, frameHeight: HEIGHT });
    expect(decoded.inbound.video.framesDecoded).toBeGreaterThanOrEqual(60);
    expect(decoded.inbound.video.ssrc).toBe(video.description.ssrc);
    // Opus: packets keep arriving, and what is decoded is not silence.
    const later = await pollUntil(
      read,
      (s) =>
        s.inbound.audio.packetsReceived > first.inbound.audio.packetsReceived + 50 &&
        s.inbound.audio.audioLevel > 0,
      10_000,
    );
    expect(later.inbound.audio.packetsReceived).toBeGreaterThan(
      first.inbound.audio.packetsReceived,
    );
    expect(later.inbound.audio.audioLevel).toBeGreaterThan(0);
    expect(later.inbound.audio.ssrc).toBe(audio.description.ssrc);
    // Chromium estimates the bandwidth and tells the sender (REMB, offered as goog-remb).
    await pollUntil(
      () => bitrates.length,
      (n) => n > 0,
      10_000,
    );
    expect(bitrates.length).toBeGreaterThan(0);
    expect(bitrates[0]).toBeGreaterThan(0);
    expect([...videoErrors, ...audioErrors, ...errors]).toEqual([]);
  });
});

describe("a page that behaves as DSL's webrtc.html, on @rxdc/ws-server", () => {
  test('plays the video the DSL-created transceiver (dsl_transceiver_webrtc_new) streams beside its data channel', async () => {
    // The C-style calls a DSL example makes, with rxdc's own options keeping the peer on loopback.
    expect(
      dsl_transceiver_webrtc_new('dsl-page', null, null, null, DSL_TRANSCEIVER_MEDIA_VIDEO_H264, {
        peerConnection: { bindAddress: '127.0.0.1' },
      }),
    ).toBe(DSL_RESULT_SUCCESS);
    const transceiver = dsl_transceiver_webrtc_get('dsl-page');
    expect(dsl_websocket_server_listening_start(0, { bindAddress: '127.0.0.1' })).toBe(
      DSL_RESULT_SUCCESS,
    );
    const [, , port] = dsl_websocket_server_listening_state_get();
    cleanups.push(() => {
      dsl_transceiver_webrtc_delete('dsl-page');
      dsl_websocket_server_listening_stop();
    });
    const playErrors = [];
    transceiver.track$.subscribe((track) => {
      track.open$.subscribe(() =>
        playErrors.push(
          ...play(track, h264Frames({ width: WIDTH, height: HEIGHT, fps: FPS, seconds: 20 })),
        ),
      );
    });
    transceiver.dataChannel$.subscribe((channel) =>
      channel.open$.subscribe(() => channel.send('hello from node')),
    );
    const { page, errors } = await openPage(`dsl-like.html?ws=ws://127.0.0.1:${port}/ws`);
    // Connected (the first frame shown), then at least 60 frames within 10 s.
    await pollUntil(
      () => page.evaluate(() => window.dslPage.video()),
      (v) => v.width > 0,
      20_000,
    );
    const shown = await pollUntil(
      () => page.evaluate(() => window.dslPage.video()),
      (v) => v.frames >= 60,
      10_000,
    );
    // Moving video: the <video> has the size sent and presents frame after frame.
    expect(shown).toMatchObject({ width: WIDTH, height: HEIGHT });
    expect(shown.frames).toBeGreaterThanOrEqual(60);
    // The DSL-created peer stayed on loopback: every candidate it gathered is on 127.0.0.1.
    const nodeSdp = transceiver.peer?.localDescription?.sdp ?? '';
    const addresses = [...nodeSdp.matchAll(/^a=candidate:\S+ \d+ \S+ \d+ (\S+) /gm)].map(
      (m) => m[1],
    );
    expect(addresses.length).toBeGreaterThan(0);
    expect(new Set(addresses)).toEqual(new Set(['127.0.0.1']));
    const state = await page.evaluate(() => window.dslPage.state);
    expect(state.streams).toBe(1);
    expect(state.tracks).toEqual(['video']);
    expect(state.messages).toContain('hello from node');
    const decoded = await page.evaluate(async () => {
      for (const report of (await window.dslPage.peer().getStats()).values()) {
        if (report.type === 'inbound-rtp' && report.kind === 'video') return report;
      }
      return undefined;
    });
    expect(decoded).toMatchObject({ frameWidth: WIDTH, frameHeight: HEIGHT });
    expect(decoded.framesDecoded).toBeGreaterThanOrEqual(60);
    expect([...playErrors, ...errors, ...state.errors]).toEqual([]);
  });
});

describe('Chromium sends, node receives', () => {
  test("the fake camera's RTP reaches a node track as negotiated; node's key frame requests are honoured", async () => {
    const { page, errors } = await openPage('media.html');
    const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
    cleanups.push(() => peer.close());
    const camera = peer.addTrack({
      kind: 'video',
      codec: 'H264',
      payloadType: 102,
      direction: 'RecvOnly',
    });
    const packets = [];
    camera.messages$.subscribe({
      next: (packet) => packets.push(readRtpHeader(packet)),
      error: () => {},
    });
    const answer = await connectToPage(page, peer, { camera: true });
    await firstValueFrom(camera.open$.pipe(timeout(20_000)));
    const sent = await pollUntil(
      () => page.evaluate(() => window.mediaPage.stats()),
      (s) => (s.outbound.video?.framesEncoded ?? 0) > 30,
      15_000,
    );
    const pageSsrc = sent.outbound.video.ssrc;
    // The SSRC the page announced in its answer, and sends with.
    expect(answer.sdp).toContain(`a=ssrc:${pageSsrc} `);
    const count = packets.length;
    expect(count).toBeGreaterThan(0);
    for (const header of packets) {
      expect(header).toMatchObject({ payloadType: 102, ssrc: pageSsrc });
    }
    await pollUntil(
      () => packets.length,
      (n) => n > count + 20,
      10_000,
    );
    expect(packets.length).toBeGreaterThan(count);

    // Node asks for a key frame: the page's encoder makes one and counts the PLI.
    const before = sent.outbound.video;
    let asked = 0;
    const after = await pollUntil(
      async () => {
        if (camera.requestKeyframe()) asked += 1;
        return (await page.evaluate(() => window.mediaPage.stats())).outbound.video;
      },
      (v) => v.pliCount > before.pliCount && v.keyFramesEncoded > before.keyFramesEncoded,
      15_000,
    );
    expect(asked).toBeGreaterThan(0);
    expect(after.pliCount).toBeGreaterThan(before.pliCount);
    expect(after.keyFramesEncoded).toBeGreaterThan(before.keyFramesEncoded);
    expect(errors).toEqual([]);
  });
});

describe('pnpm demo:browser', () => {
  test('shows a live video pane fed by node next to the chat, and stops cleanly on Ctrl-C', async () => {
    const { spawn } = await import('node:child_process');
    const demo = spawn(
      process.execPath,
      [join(pageDir, '..', '..', 'examples', 'browser-chat', 'server.mjs')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    demo.stdout.on('data', (chunk) => {
      output += chunk;
    });
    demo.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise((resolve) =>
      demo.on('exit', (code, signal) => resolve({ code, signal })),
    );
    cleanups.push(() => {
      if (demo.exitCode === null) demo.kill('SIGKILL');
    });
    const url = await pollUntil(
      () => /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1],
      (found) => found !== undefined,
      20_000,
    );
    expect(url, output).toBeDefined();
    const page = await chromium.browser.newPage();
    cleanups.push(() => page.close());
    await page.goto(url);
    const pane = await pollUntil(
      () =>
        page.evaluate(() => ({
          width: document.getElementById('video').videoWidth,
          caption: document.getElementById('video-status').textContent,
          chat: document.getElementById('log').textContent,
        })),
      (p) => p.width > 0 && p.caption.includes('640x360'),
      20_000,
    );
    expect(pane.width).toBe(640);
    expect(pane.caption).toBe('live video from node: 640x360');
    expect(pane.chat).toContain('hello from node');
    demo.kill('SIGINT');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/video stopped|Error/);
  });
});
