// Serves a folder over http on 127.0.0.1 only, for the page Chromium loads.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
};

/**
 * Starts serving `root`, and each of `extra` (`{ '/name.js': '/absolute/file.js' }`);
 * resolves with `{ port, close() }`.
 */
export function serveStatic(root, extra = {}) {
  const server = createServer(async (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const path = normalize(pathname).replace(/^([/\\])+/, '');
    const file = extra[pathname] ?? join(root, path === '' ? 'index.html' : path);
    if (!extra[pathname] && !file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response
        .writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
        .end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
