import { WsServerError } from '../errors/ws-server-error.js';

/**
 * The root path every server serves from the start, `/ws`. Paths added with `addPath` live
 * under it (`/ws/pipeline-1`).
 *
 * @example
 * ```ts
 * import { ROOT_PATH } from '@rxdc/ws-server';
 * const url = `ws://127.0.0.1:60001${ROOT_PATH}`;
 * ```
 */
export const ROOT_PATH = '/ws';

/** Throws `INVALID_PATH` unless `path` is a path under `/ws/`. @internal */
export function requireWsPath(path: unknown): string {
  if (typeof path !== 'string') {
    throw new WsServerError(
      'INVALID_ARGUMENT',
      `a path must be a string such as '/ws/pipeline-1', got ${typeof path}`,
    );
  }
  if (!path.startsWith(`${ROOT_PATH}/`) || path.length === ROOT_PATH.length + 1) {
    throw new WsServerError(
      'INVALID_PATH',
      `path ${JSON.stringify(path)} must start with '/ws/' and name something after it, such as '/ws/pipeline-1'`,
    );
  }
  if (/[?#\s]/.test(path)) {
    throw new WsServerError(
      'INVALID_PATH',
      `path ${JSON.stringify(path)} must not contain '?', '#' or spaces: register the path alone`,
    );
  }
  return path;
}

/** The path part of a request path, without its query string or fragment. @internal */
export function pathnameOf(requestPath: string): string {
  const end = requestPath.search(/[?#]/);
  return end === -1 ? requestPath : requestPath.slice(0, end);
}
