import WebSocket from 'ws';

/**
 * A `ws` client on `url`, once open (rejects on error or an HTTP refusal); from `localAddress`
 * when given (any 127.x.y.z address is loopback on Linux).
 */
export function wsOpen(url: string, localAddress?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { rejectUnauthorized: false, localAddress });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

/** The close code and reason `socket` sees when it closes. */
export function wsClosed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve({ code: 1006, reason: '' });
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

/** Opens a client, has one message echoed, closes it: how many ms that took. */
export async function echoOnce(url: string): Promise<number> {
  const began = performance.now();
  const socket = await wsOpen(url);
  const reply = new Promise<string>((resolve) =>
    socket.once('message', (data) => resolve(data.toString())),
  );
  socket.send('still serving?');
  const text = await reply;
  const ms = performance.now() - began;
  const closed = wsClosed(socket);
  socket.close();
  await closed;
  if (text !== 'still serving?') throw new Error(`echo came back as ${text}`);
  return ms;
}
