import type { ProxyServer } from '../binding.js';
import { RtcError } from '../errors/rtc-error.js';

/**
 * The one parser of a proxy URI (libdatachannel's C API takes one as a string):
 * `http://[user[:pass]@]host[:port]` (default port 8080), `socks5://...` (default 1080), or
 * `host[:port]` alone for HTTP. An IPv6 host is written in brackets. Any other scheme is
 * refused rather than guessed.
 *
 * @throws {@link RtcError} `INVALID_CONFIG` for anything else.
 * @example
 * ```ts
 * import { parseProxyServer } from '@rxdc/native';
 * parseProxyServer('socks5://user:pw@127.0.0.1'); // { type: 'Socks5', ip: '127.0.0.1', port: 1080, ... }
 * ```
 */
export function parseProxyServer(uri: string): ProxyServer {
  let url: URL;
  try {
    url = new URL(uri.includes('://') ? uri : `http://${uri}`);
  } catch (error) {
    throw new RtcError('INVALID_CONFIG', `not a proxy URI: "${uri}"`, { cause: error });
  }
  const type =
    url.protocol === 'socks5:' ? 'Socks5' : url.protocol === 'http:' ? 'Http' : undefined;
  if (!type || !url.hostname) {
    throw new RtcError(
      'INVALID_CONFIG',
      `a proxy URI is http://host[:port] or socks5://host[:port], got "${uri}"`,
    );
  }
  const proxy: ProxyServer = {
    type,
    ip: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : type === 'Socks5' ? 1080 : 8080,
  };
  if (url.username) proxy.username = decodeURIComponent(url.username);
  if (url.password) proxy.password = decodeURIComponent(url.password);
  return proxy;
}
