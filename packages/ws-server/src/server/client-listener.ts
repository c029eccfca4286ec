import type { UpgradeRequest } from './admission.js';

/**
 * A server's client listener: called with the path of every incoming connection (without its
 * query string), the `clientData` given when it was added and the client's upgrade request
 * (headers, cookies, `Origin`, address, query; undefined for a client handed over with
 * `handOver()`), before the server looks for a transceiver, so it may create and add one for
 * that path.
 *
 * @example
 * ```ts
 * import { type ClientListener, ConnectionState, WebRtcTransceiver } from '@rxdc/ws-server';
 * const onClient: ClientListener<string> = (path, tag) => {
 *   console.log(tag, 'client on', path);
 *   // A transceiver for this client, taken off the server once the client has left.
 *   const transceiver = new WebRtcTransceiver();
 *   transceiver.addClientListener((state) => {
 *     if (state !== ConnectionState.CLOSED) return;
 *     server.removeTransceiver(transceiver);
 *     transceiver.close();
 *   });
 *   server.addTransceiver(transceiver, { path });
 * };
 * server.addClientListener(onClient, 'app');
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: client data is opaque, as the C API's void*
export type ClientListener<T = any> = (
  path: string,
  clientData: T,
  request: UpgradeRequest | undefined,
) => void;
