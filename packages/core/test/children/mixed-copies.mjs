// One process, every way rxdc can be loaded at once: @rxdc/core through `import` (ESM build)
// and through `require` (CommonJS build), and @rxdc/capi-compat. Each creates peers and
// WebSockets; one registry must see them all, and after shutdown() and rtcCleanup() (order
// from argv[2]: 'shutdown-first' or 'cleanup-first') the process must exit by itself.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { firstValueFrom } from 'rxjs';

const require = createRequire(import.meta.url);
const esm = await import('../../dist/index.js');
const cjs = require(fileURLToPath(new URL('../../dist/index.cjs', import.meta.url)));
const capi = await import('@rxdc/capi-compat');
const order = process.argv[2] ?? 'shutdown-first';

function check(condition, what) {
  if (!condition) {
    console.error(`failed: ${what}`);
    process.exit(2);
  }
}
const count = () => esm.liveObjects().length;
const same = () => JSON.stringify(esm.liveObjects()) === JSON.stringify(cjs.liveObjects());

check(esm.PeerConnection !== cjs.PeerConnection, 'two copies of core are really loaded');
check(
  new cjs.RtcError('CLOSED', 'x') instanceof esm.RtcError,
  'a CommonJS RtcError is an ESM RtcError',
);
check(
  new esm.RtcError('CLOSED', 'x') instanceof cjs.RtcError,
  'an ESM RtcError is a CommonJS RtcError',
);

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
// A peer pair across the two copies: the ESM offerer, the CommonJS answerer.
const a = new esm.PeerConnection(loopback);
const b = new cjs.PeerConnection(loopback);
check(count() === 2 && same(), 'both copies see both peers');
a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
// A connection that failed (a DTLS check, now and then on a busy machine) takes no more candidates.
const addCandidate = (peer, candidate) => {
  try {
    peer.addRemoteCandidate(candidate);
  } catch (error) {
    if (!(error instanceof esm.RtcError && error.code === 'INVALID_STATE')) throw error;
  }
};
a.localCandidate$.subscribe((c) => addCandidate(b, c));
b.localCandidate$.subscribe((c) => addCandidate(a, c));
const channel = a.createDataChannel('mixed');
const remote = firstValueFrom(b.dataChannel$, { defaultValue: undefined });

// A server from the ESM copy, clients from the CommonJS copy and from capi-compat.
const server = new esm.WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
server.clients$.subscribe((socket) => socket.messages$.subscribe((m) => socket.send(m)));
const client = new cjs.WebSocket();
client.open(`ws://127.0.0.1:${server.port}/cjs`);
const before = count();
const capiPc = capi.rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
const capiDc = capi.rtcCreateDataChannel(capiPc, 'capi');
const capiWs = capi.rtcCreateWebSocket(`ws://127.0.0.1:${server.port}/capi`);
check(capiPc > 0 && capiDc > 0 && capiWs > 0, 'capi-compat created its objects');
check(count() === before + 3 && same(), 'the registry sees capi-compat objects too');

const capiEcho = new Promise((resolve) => {
  capi.rtcSetOpenCallback(capiWs, (id) => capi.rtcSendMessage(id, 'capi ping', -1));
  capi.rtcSetMessageCallback(capiWs, (_id, message) => resolve(message));
});
await firstValueFrom(client.open$);
const echoed = firstValueFrom(client.messages$);
client.send('cjs ping');
check((await echoed) === 'cjs ping', 'the CommonJS client got its echo');
check((await capiEcho) === 'capi ping', 'the capi-compat client got its echo');
// Opening the mixed pair fails now and then on a busy machine (a DTLS check): not the point here.
await Promise.race([
  firstValueFrom(channel.open$, { defaultValue: undefined }),
  new Promise((r) => setTimeout(r, 3000)),
]);
await remote;
check(same(), 'both copies list the same objects');
console.log(`live before cleanup: ${count()}`);

if (order === 'shutdown-first') {
  await cjs.shutdown();
  capi.rtcCleanup();
} else {
  capi.rtcCleanup();
  await esm.shutdown();
}
check(count() === 0 && same(), `nothing left alive: ${JSON.stringify(esm.liveObjects())}`);
check(channel.isClosed && client.isClosed && server.isStopped, 'every core object closed');
console.log('finished');
