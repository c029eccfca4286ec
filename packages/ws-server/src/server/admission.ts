// Admission: who gets in. Everything a WsServer decides about an upgrade request before a
// WebSocket, a transceiver or a peer exists (the app's check, the Origin allow-list) and how a
// refused request is answered (an HTTP status and a plain-text reason), in one place.
import { type IncomingHttpHeaders, IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WsServerError } from '../errors/ws-server-error.js';
import type { ConnectionCounts } from './connection-counts.js';
import type { ResolvedLimits } from './server-limits.js';

/**
 * What a server knows of a client when it asks to upgrade: its request line, headers and
 * address. The admission check ({@link AdmissionOptions.admit}) decides on it; client
 * listeners and `connections$` see it too, so an app authenticates once and uses the result.
 *
 * @example
 * ```ts
 * server.connections$.subscribe(({ request }) => {
 *   console.log(request?.remoteAddress, request?.origin, request?.query.get('room'));
 * });
 * ```
 */
export interface UpgradeRequest {
  /** The request path with its query string, as the client sent it (`/ws/chat?room=2`). */
  readonly url: string;
  /** The path alone (`/ws/chat`). */
  readonly path: string;
  /** The query string's parameters (`room=2`). */
  readonly query: URLSearchParams;
  /** The `Origin` header a browser sends (`https://app.example.com`); undefined without one. */
  readonly origin: string | undefined;
  /**
   * The request's headers, names in lower case, as Node gives them (repeated headers joined
   * or dropped by Node's rules, `set-cookie` an array). A server keeps the header lines only,
   * and makes this object the first time it is read (the same object after that).
   */
  readonly headers: IncomingHttpHeaders;
  /** The cookies of the `Cookie` header, by name (values URI-decoded where they can be). */
  readonly cookies: Readonly<Record<string, string>>;
  /** The client's IP address (`127.0.0.1`, `::1`); undefined if the connection is already gone. */
  readonly remoteAddress: string | undefined;
  /** Whether the connection is TLS (`wss://`). */
  readonly secure: boolean;
}

/**
 * What an admission check answers: `true` (or nothing) admits the client; `false` refuses
 * it with HTTP 401; `{ status, reason }` refuses it with that status (400-599) and reason.
 *
 * @example
 * ```ts
 * const decision: AdmissionDecision = { status: 403, reason: 'this room is full' };
 * ```
 */
export type AdmissionDecision =
  | boolean
  | undefined
  | { readonly status: number; readonly reason?: string };

/**
 * An admission check: called with each upgrade request that passed the server's own checks
 * (path served, limits, Origin allow-list), before a WebSocket exists. Sync or async; while
 * an async check runs, other clients are served. One that throws or rejects refuses the client
 * with HTTP 500 (reported as `ADMISSION_FAILED`); one that takes longer than the server's
 * `handshakeTimeout` refuses it with 503.
 *
 * @example
 * ```ts
 * const admit: AdmissionCheck = async (request) =>
 *   (await sessions.has(request.cookies.session ?? '')) || { status: 401, reason: 'log in first' };
 * ```
 */
export type AdmissionCheck = (
  request: UpgradeRequest,
) => AdmissionDecision | PromiseLike<AdmissionDecision>;

/**
 * Who may connect to a {@link WsServer}: given to its constructor, or to `setAdmission()`
 * (for the process-wide server of `@rxdc/ws-server/dsl`, before it listens).
 *
 * @example
 * ```ts
 * const server = new WsServer({
 *   allowedOrigins: ['https://app.example.com'],
 *   admit: (request) => request.query.get('token') === 'secret' || { status: 401, reason: 'bad token' },
 * });
 * ```
 */
export interface AdmissionOptions {
  /**
   * Origins a client may come from (`'https://app.example.com'`, compared exactly, as
   * browsers send them); a request whose `Origin` is not listed gets HTTP 403. A request
   * without `Origin` (not from a browser: a node client, curl) is let through to `admit`.
   * Default: every origin.
   */
  readonly allowedOrigins?: readonly string[];
  /** The app's check (authentication, rate limits); see {@link AdmissionCheck}. */
  readonly admit?: AdmissionCheck;
}

/** Why a request was refused at the upgrade. @internal */
export type Refusal = {
  readonly code: 'ORIGIN_REFUSED' | 'ADMISSION_REFUSED' | 'ADMISSION_FAILED';
  readonly status: number;
  readonly reason: string;
  readonly cause?: unknown;
};

/** The checked admission options, ready to run. @internal */
export class Admission {
  readonly #origins: ReadonlySet<string> | undefined;
  readonly #check: AdmissionCheck | undefined;

  /** @throws {@link WsServerError} `INVALID_ARGUMENT` for a wrong option. */
  constructor(options: AdmissionOptions) {
    const { allowedOrigins, admit } = options;
    if (allowedOrigins !== undefined) {
      if (
        !Array.isArray(allowedOrigins) ||
        allowedOrigins.some((origin) => typeof origin !== 'string' || origin === '')
      ) {
        throw new WsServerError(
          'INVALID_ARGUMENT',
          "allowedOrigins must be an array of origins such as 'https://app.example.com'",
        );
      }
      this.#origins = new Set(allowedOrigins.map((origin) => origin.toLowerCase()));
    }
    if (admit !== undefined && typeof admit !== 'function') {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `admit must be a function (request) => boolean | { status, reason }, got ${typeof admit}`,
      );
    }
    this.#check = admit;
  }

  /** Whether there is anything to check (without it, upgrades skip admission entirely). */
  get active(): boolean {
    return this.#origins !== undefined || this.#check !== undefined;
  }

  /**
   * Runs the checks: a refusal, undefined to admit, or a promise of either when the app's
   * check is async (never rejects).
   */
  decide(request: UpgradeRequest): Refusal | undefined | Promise<Refusal | undefined> {
    const origins = this.#origins;
    if (origins !== undefined && request.origin !== undefined) {
      if (!origins.has(request.origin.toLowerCase())) {
        return {
          code: 'ORIGIN_REFUSED',
          status: 403,
          reason: `origin ${JSON.stringify(request.origin)} is not allowed here`,
        };
      }
    }
    const check = this.#check;
    if (!check) return undefined;
    let decision: ReturnType<AdmissionCheck>;
    try {
      decision = check(request);
    } catch (error) {
      return failed(error);
    }
    if (isThenable(decision)) {
      return Promise.resolve(decision).then(refusalOf, failed);
    }
    return refusalOf(decision);
  }
}

function isThenable(value: unknown): value is PromiseLike<AdmissionDecision> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function refusalOf(decision: AdmissionDecision): Refusal | undefined {
  if (decision === undefined || decision === true) return undefined;
  if (decision === false) {
    return { code: 'ADMISSION_REFUSED', status: 401, reason: 'the admission check refused it' };
  }
  if (typeof decision === 'object' && decision !== null) {
    const { status, reason } = decision;
    if (Number.isSafeInteger(status) && status >= 400 && status <= 599) {
      return {
        code: 'ADMISSION_REFUSED',
        status,
        reason: typeof reason === 'string' && reason !== '' ? reason : 'refused',
      };
    }
  }
  return failed(
    new WsServerError(
      'INVALID_ARGUMENT',
      `an admission check must answer true, false or { status: 400-599, reason }, got ${describeDecision(decision)}`,
    ),
  );
}

function failed(error: unknown): Refusal {
  return {
    code: 'ADMISSION_FAILED',
    status: 500,
    reason: 'the admission check failed',
    cause: error,
  };
}

function describeDecision(decision: unknown): string {
  try {
    return JSON.stringify(decision) ?? String(decision);
  } catch {
    return String(decision);
  }
}

/**
 * The facts of one upgrade request, read from Node's request lazily: most apps read two or
 * three of them, and a server without an admission check reads none.
 *
 * A server keeps this for each client's whole life (`connections$`, `client.request`), so it
 * keeps neither Node's request nor its headers object: the header lines are kept in one
 * string, and `headers` is rebuilt from them (by Node's own rules) when first read.
 *
 * @internal
 */
export class RequestFacts implements UpgradeRequest {
  readonly url: string;
  readonly path: string;
  readonly remoteAddress: string | undefined;
  readonly secure: boolean;
  /** Node's `rawHeaders` (names as sent, then values), joined by LF; or the array itself. */
  readonly #raw: string | readonly string[];
  /** The server's `joinDuplicateHeaders`, which decides how repeated headers combine. */
  readonly #joinDuplicates: boolean;
  #headers: IncomingHttpHeaders | undefined;
  #query: URLSearchParams | undefined;
  #cookies: Readonly<Record<string, string>> | undefined;

  constructor(request: IncomingMessage, url: string, path: string) {
    this.url = url;
    this.path = path;
    this.remoteAddress = request.socket.remoteAddress;
    this.secure = (request.socket as { encrypted?: boolean }).encrypted === true;
    this.#joinDuplicates =
      (request as { joinDuplicateHeaders?: boolean }).joinDuplicateHeaders === true;
    // A Node without the rule to rebuild them: Node's headers object is kept instead.
    if (typeof addHeaderLine !== 'function') this.#headers = request.headers;
    this.#raw = this.#headers === undefined ? joinLines(request.rawHeaders) : '';
  }

  /** The request's headers, names in lower case, as Node gives them. */
  get headers(): IncomingHttpHeaders {
    if (this.#headers === undefined) {
      const raw = typeof this.#raw === 'string' ? this.#raw.split('\n') : this.#raw;
      const headers: IncomingHttpHeaders = {};
      // Node's own rule for each line (known fields, duplicates joined or dropped, set-cookie
      // as an array), so that this object is the one Node made for the request.
      const joinDuplicateHeaders = this.#joinDuplicates;
      for (let i = 0; i + 1 < raw.length; i += 2) {
        addHeaderLine?.call(
          { joinDuplicateHeaders },
          raw[i] as string,
          raw[i + 1] as string,
          headers,
        );
      }
      this.#headers = headers;
    }
    return this.#headers;
  }

  get origin(): string | undefined {
    const origin = this.headers.origin;
    return typeof origin === 'string' ? origin : undefined;
  }

  get query(): URLSearchParams {
    if (!this.#query) {
      const start = this.url.indexOf('?');
      this.#query = new URLSearchParams(start === -1 ? '' : this.url.slice(start + 1));
    }
    return this.#query;
  }

  get cookies(): Readonly<Record<string, string>> {
    this.#cookies ??= parseCookies(this.headers.cookie);
    return this.#cookies;
  }
}

/** Node's rule for adding one header line to a headers object (`this`: the parser's options). */
const addHeaderLine = (
  IncomingMessage.prototype as unknown as {
    _addHeaderLine?(
      this: { joinDuplicateHeaders: boolean },
      field: string,
      value: string,
      dest: IncomingHttpHeaders,
    ): void;
  }
)._addHeaderLine;

/**
 * Header lines in one string (a string per line and an array cost more than the text): LF
 * cannot be in a header's name or value as Node parses them; should one be there anyway, the
 * lines are kept as they are.
 */
function joinLines(lines: readonly string[]): string | readonly string[] {
  for (const line of lines) if (line.includes('\n')) return [...lines];
  return lines.join('\n');
}

function parseCookies(header: string | undefined): Readonly<Record<string, string>> {
  const cookies: Record<string, string> = Object.create(null);
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const equals = part.indexOf('=');
    if (equals === -1) continue;
    const name = part.slice(0, equals).trim();
    if (name === '' || name in cookies) continue;
    let value = part.slice(equals + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return Object.freeze(cookies);
}

/**
 * Why an upgrade is over one of the server's connection limits (HTTP 503), if it is:
 * `maxConnections`, then `maxPeers` (`peers`: clients holding a transceiver and those on their
 * way to one), then `maxConnectionsPerAddress` (the costliest check, last). @internal
 */
export function overLimit(
  counts: ConnectionCounts,
  limits: ResolvedLimits,
  peers: number,
  socket: Duplex,
): { code: 'LIMIT_EXCEEDED'; status: 503; reason: string } | undefined {
  let reason: string | undefined;
  if (counts.size >= limits.maxConnections) {
    reason = `the server has ${limits.maxConnections} clients (maxConnections): try again later`;
  } else if (peers >= limits.maxPeers) {
    reason = `the server has ${limits.maxPeers} peers (maxPeers): try again later`;
  } else {
    const address = counts.addressAtLimit(socket);
    if (address !== undefined)
      reason = `${address} has ${limits.maxConnectionsPerAddress} clients here (maxConnectionsPerAddress): close one first`;
  }
  return reason === undefined ? undefined : { code: 'LIMIT_EXCEEDED', status: 503, reason };
}

/**
 * Answers an upgrade request with an HTTP error before any WebSocket exists (404 for a path
 * not served, 503 over a limit, 401/403/500 from admission), then ends the TCP connection. The
 * reason is the body, for whoever reads it (a browser only sees that the connection failed).
 *
 * @internal
 */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = Buffer.from(`${reason}\n`, 'utf8');
  const headers = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}`,
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
