// N core WebSocket connections opened one after another to one core WebSocketServer: each opens,
// or is counted with the error that says why it did not. Then the server stops, and the process
// must exit by itself (issue 18: about 1.5% of opens failed with "TCP connection failed", and the
// process never exited after the server stopped, even after shutdown()). argv[2]: N.
import { firstValueFrom, map, race, timer } from 'rxjs';
import { liveObjects, WebSocket, WebSocketServer } from '../../dist/index.js';

const count = Number(process.argv[2] ?? 3000);
const server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
server.clients$.subscribe((socket) => socket.messages$.subscribe({ error: () => {} }));
const url = `ws://127.0.0.1:${server.port}/churn`;
let opened = 0;
const failures = {};
for (let i = 0; i < count; i++) {
  const socket = new WebSocket();
  let reason;
  socket.error$.subscribe((error) => {
    reason ??= error.message;
  });
  socket.open(url);
  const open = await firstValueFrom(race(socket.open$, timer(15_000).pipe(map(() => 'silent'))), {
    defaultValue: false,
  }).then(
    () => true,
    (error) => {
      reason ??= error.message;
      return false;
    },
  );
  if (open === 'silent') reason = `no open, error or close within 15 s (state ${socket.isOpen})`;
  if (open !== true) {
    const key = reason ?? 'closed before it opened, without an error';
    failures[key] = (failures[key] ?? 0) + 1;
  } else opened++;
  socket.close();
  const closed = await firstValueFrom(
    race(socket.closed$.pipe(map(() => true)), timer(15_000).pipe(map(() => false))),
  );
  if (!closed) {
    const key = 'closed$ did not emit within 15 s of close()';
    failures[key] = (failures[key] ?? 0) + 1;
  }
}
server.stop();
console.log(JSON.stringify({ count, opened, failures, live: liveObjects() }));
console.log('finished');
