// The URLs libdatachannel parses with a recursive regex on the calling thread, against that
// thread's real stack: run under `ulimit -s <KiB>` (the main thread) or with `worker <MiB>` (a
// Worker with resourceLimits.stackSizeMb). Each length that crashed before (issue 18: 8,175 with
// a 2 MiB stack, 4,000 with 1 MiB, an ICE URL of 2,022 with 512 KiB) is refused with a typed
// error, a URL at the limit is accepted, and the thread lives. Prints one line per try.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PeerConnection, WebSocket } from '../../dist/index.js';

function tryAll() {
  const lines = [];
  const limit = Number(process.argv[3] ?? workerData?.limit);
  const outcome = (what, call) => {
    try {
      call();
      lines.push(`${what}: accepted`);
    } catch (error) {
      lines.push(`${what}: ${error.name} ${error.code}`);
    }
  };
  for (const length of [8175, 4000, 2022, limit]) {
    const socket = new WebSocket();
    outcome(`websocket-url ${length}`, () =>
      socket.open(`ws://127.0.0.1:9/${'a'.repeat(length - 17)}`),
    );
    socket.close();
    outcome(`ice-url ${length}`, () =>
      new PeerConnection({ iceServers: [`stun:${'a'.repeat(length - 15)}.org:3478`] }).close(),
    );
  }
  return lines;
}

if (!isMainThread) {
  parentPort.postMessage(tryAll());
} else if (process.argv[2] === 'worker') {
  const stackSizeMb = Number(process.argv[3]);
  const worker = new Worker(new URL(import.meta.url), {
    resourceLimits: { stackSizeMb },
    workerData: { limit: stackSizeMb * 1024 },
  });
  worker.on('message', (lines) => {
    for (const line of lines) console.log(line);
    console.log('finished');
  });
  worker.on('error', (error) => console.log(`worker error: ${error.message}`));
} else {
  for (const line of tryAll()) console.log(line);
  console.log('finished');
}
