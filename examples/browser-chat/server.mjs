// The browser demo: one http server on 127.0.0.1 serves the page and, with @rxdc/ws-server
// attached to it, the signaling WebSocket; each browser gets a WebRtcTransceiver, node chats
// back over the data channel and streams live H.264 video (a test pattern encoded by ffmpeg,
// played by playFrames of @rxdc/rx) on a video track beside it.
// Run from the repository root: pnpm demo:browser   (Ctrl-C stops everything cleanly)
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
// Relative imports of the built packages: examples/ is not a workspace package.
import { shutdown } from '../../packages/core/dist/index.js';
import { h264AccessUnits, playFrames } from '../../packages/rx/dist/index.js';
import { WebRtcTransceiver, WsServer } from '../../packages/ws-server/dist/index.js';

/** Streams ffmpeg's moving test pattern onto `track` until it closes; returns a stop function. */
function streamTestPattern(track) {
  const ffmpeg = spawn(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=640x360:rate=30',
      '-vf',
      "drawtext=text='%{localtime}':x=10:y=10:fontsize=24:fontcolor=white",
      '-c:v',
      'libx264',
      '-profile:v',
      'baseline',
      '-pix_fmt',
      'yuv420p',
      '-tune',
      'zerolatency',
      '-preset',
      'ultrafast',
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
  ffmpeg.on('error', (error) => console.log(`no video: cannot run ffmpeg (${error.message})`));
  // A key frame is due every second anyway (-g 30): a viewer's request needs no more.
  const playing = playFrames(
    track,
    h264AccessUnits(ffmpeg.stdout, { framesPerSecond: 30 }),
  ).subscribe({
    error: (error) => {
      if (!track.isClosed) console.log(`video stopped: ${error.message}`);
    },
  });
  return () => {
    playing.unsubscribe();
    ffmpeg.kill('SIGKILL');
  };
}

const here = new URL('.', import.meta.url);
const server = new WsServer();
// One transceiver per browser, created when it connects (use case 1 of the specification).
server.addPath('/ws/chat');
server.addClientListener((path) => {
  const transceiver = new WebRtcTransceiver({
    peerConnection: { bindAddress: '127.0.0.1' },
    dataChannelLabel: 'chat',
    tracks: [{ kind: 'video', codec: 'H264', msid: 'node-camera' }],
  });
  transceiver.track$.subscribe((track) => {
    track.open$.subscribe(() => {
      const stop = streamTestPattern(track);
      track.closed$.subscribe(stop);
    });
  });
  transceiver.addClientListener((state) => {
    if (state === 0) {
      server.removeTransceiver(transceiver);
      transceiver.close();
      console.log('a browser left');
    }
  });
  transceiver.dataChannel$.subscribe((channel) => {
    channel.open$.subscribe(() => channel.send('hello from node! say something.'));
    channel.messages$.subscribe({
      next: (message) => {
        console.log(`browser says: ${message}`);
        try {
          channel.send(`node heard "${message}" (${String(message).length} characters)`);
        } catch {}
      },
      error: () => {},
    });
  });
  server.addTransceiver(transceiver, { path });
  console.log(`a browser connected on ${path}`);
});
const files = {
  '/': ['index.html', 'text/html'],
  '/index.html': ['index.html', 'text/html'],
  '/chat.js': ['chat.js', 'text/javascript'],
  // The browser client of @rxdc/ws-server: one ES module, imported by chat.js as is.
  '/browser-client.js': ['../../packages/ws-server/dist/browser-client.js', 'text/javascript'],
};
const http = createServer(async (request, response) => {
  const file = files[new URL(request.url ?? '/', 'http://127.0.0.1').pathname];
  if (!file) return void response.writeHead(404).end('not found');
  response
    .writeHead(200, { 'content-type': `${file[1]}; charset=utf-8` })
    .end(await readFile(new URL(file[0], here)));
});
server.attach(http);
http.listen(0, '127.0.0.1', () => {
  console.log(`open http://127.0.0.1:${http.address().port}/ in a browser (Ctrl-C to stop)`);
});

process.once('SIGINT', async () => {
  console.log('\nstopping');
  await server.stop();
  http.closeAllConnections();
  http.close();
  await shutdown();
});
