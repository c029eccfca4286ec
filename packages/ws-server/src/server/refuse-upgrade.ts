import type { Duplex } from 'node:stream';

const statusText: Record<number, string> = {
  404: 'Not Found',
  503: 'Service Unavailable',
};

/**
 * Answers an upgrade request with an HTTP error before any WebSocket exists (404 for a path
 * not served, 503 over a connection limit), then ends the TCP connection. The reason is the
 * body, for whoever reads it (a browser only sees that the connection failed).
 *
 * @internal
 */
export function refuseUpgrade(socket: Duplex, status: 404 | 503, reason: string): void {
  const body = Buffer.from(`${reason}\n`, 'utf8');
  const headers = [
    `HTTP/1.1 ${status} ${statusText[status]}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    ...(status === 503 ? ['Retry-After: 1'] : []),
    '',
    '',
  ].join('\r\n');
  socket.on('error', () => {});
  if (socket.writable) socket.end(Buffer.concat([Buffer.from(headers, 'latin1'), body]));
  // A client that does not read the answer must not keep the connection open.
  setTimeout(() => socket.destroy(), 1000).unref();
}
