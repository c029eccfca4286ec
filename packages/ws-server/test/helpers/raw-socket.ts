import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A TCP connection to 127.0.0.1:`port`, once connected. */
export function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The HTTP request that upgrades a connection to a WebSocket on `path`. */
export function upgradeRequest(port: number, path: string): string {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    '',
    '',
  ].join('\r\n');
}

/** A raw TCP socket that completed the WebSocket handshake on `path`. */
export async function upgraded(port: number, path: string): Promise<Socket> {
  const socket = await tcp(port);
  socket.on('error', () => {});
  const response = new Promise<string>((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
  socket.write(upgradeRequest(port, path));
  const head = await response;
  if (!head.startsWith('HTTP/1.1 101'))
    throw new Error(`handshake refused: ${head.split('\r\n')[0]}`);
  return socket;
}

/** A masked client frame (FIN set) of `opcode` (1 text, 2 binary) carrying `payload`. */
export function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigLength(length)]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([header, mask, masked]);
}

function bigLength(length: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(length));
  return buffer;
}

/** Resolves once `socket` is closed by the other side (or destroyed). */
export function ended(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    socket.once('close', () => resolve());
  });
}

/** The status line (and body) the server answers an upgrade request on `path` with. */
export async function upgradeStatus(port: number, path: string): Promise<string> {
  const socket = await tcp(port);
  socket.on('error', () => {});
  let text = '';
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
  });
  socket.write(upgradeRequest(port, path));
  await ended(socket);
  socket.destroy();
  return text;
}
