// libdatachannel's examples/signaling-server-nodejs, the relay its streamer example talks to,
// ported C-style to @rxdc/capi-compat's WebSocket server: each client connects on /<its id>
// and sends JSON messages whose `id` names the destination; the relay forwards each one with
// `id` replaced by the sender's.
//
// Run: node signaling-server.js [port=8000] (0 picks a free port). Enter (or Ctrl+C) stops it.
import { createInterface } from 'node:readline';
import {
  readCString,
  rtcCleanup,
  rtcCreateWebSocketServer,
  rtcDeleteWebSocket,
  rtcDeleteWebSocketServer,
  rtcGetWebSocketPath,
  rtcGetWebSocketServerPort,
  rtcSendMessage,
  rtcSetClosedCallback,
  rtcSetMessageCallback,
  rtcSetOpenCallback,
} from '@rxdc/capi-compat';

const clients = new Map<string, number>();

function onMessage(_ws: number, message: string | Uint8Array, size: number, ptr: unknown): void {
  if (size >= 0) return; // text only
  const id = ptr as string;
  console.log(`Client ${id} << ${message}`);
  const parsed = JSON.parse(message as string) as { id?: string };
  const destId = String(parsed.id);
  const dest = clients.get(destId);
  if (dest === undefined) {
    console.error(`Client ${destId} not found`);
    return;
  }
  parsed.id = id;
  const data = JSON.stringify(parsed);
  console.log(`Client ${destId} >> ${data.length} bytes`);
  rtcSendMessage(dest, data, -1);
}

function onClient(_server: number, ws: number): void {
  rtcSetOpenCallback(ws, () => {
    const buffer = new Uint8Array(256);
    if (rtcGetWebSocketPath(ws, buffer, buffer.length) < 0) return;
    const id = readCString(buffer).split('/')[1] ?? '';
    console.log(`WS  /${id}`);
    clients.set(id, ws);
    rtcSetMessageCallback(ws, (w, message, size) => onMessage(w, message, size, id));
    rtcSetClosedCallback(ws, () => {
      if (clients.get(id) === ws) clients.delete(id);
      console.log(`Client ${id} disconnected`);
    });
  });
}

const server = rtcCreateWebSocketServer(
  { port: Number(process.argv[2] ?? 8000), bindAddress: '127.0.0.1' },
  onClient,
);
if (server < 0) {
  console.error(`Cannot listen (error ${server})`);
  process.exit(1);
}
console.log(`Server listening on 127.0.0.1:${rtcGetWebSocketServerPort(server)}`);

const stop = async () => {
  for (const ws of clients.values()) rtcDeleteWebSocket(ws);
  rtcDeleteWebSocketServer(server);
  await rtcCleanup();
  console.log('stopped');
  process.exit(0);
};
process.once('SIGINT', stop);
createInterface({ input: process.stdin }).once('line', stop);
