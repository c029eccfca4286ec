import { isIP, type Server } from 'node:net';

/** A deep accept queue: a burst of clients (every page reconnecting at once) waits in it. */
const backlog = 1024;

type Listen2 = (address: string | null, port: number, addressType: number, backlog: number) => void;

/**
 * Binds `server` to `port` on `host` (every interface when undefined) before returning, so
 * `listen()` can report the real port, or a port in use, at once, as the C-style API's
 * `listening_start` must. Node's public `listen(port, host)` binds one tick later (it resolves
 * the host first); its `_listen2` (kept by Node under that name for code that wraps it) is
 * the step that binds, synchronously. Where a Node lacks it, this falls back to `listen()`,
 * and the port is known once the server emits 'listening'.
 *
 * @returns true when bound (or binding in the background), false when the port is taken or
 * not allowed: the error Node emits next tick is swallowed.
 * @internal
 */
export function bindNow(server: Server, port: number, host: string | undefined): boolean {
  const listen2 = (server as unknown as { _listen2?: Listen2 })._listen2;
  if (typeof listen2 !== 'function') {
    server.listen({ port, host, backlog });
    return true;
  }
  let failed = false;
  const onError = () => {
    failed = true;
  };
  server.once('error', onError);
  listen2.call(server, host ?? null, port, host === undefined ? 4 : isIP(host), backlog);
  if (server.listening && !failed) {
    server.off('error', onError);
    return true;
  }
  return false;
}
