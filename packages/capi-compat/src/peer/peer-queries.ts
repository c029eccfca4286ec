import { type CharBuffer, copyString, isBufferArg } from '../buffers.js';
import { RTC_ERR_FAILURE, RTC_ERR_INVALID, RTC_ERR_NOT_AVAIL } from '../constants.js';
import { tryRead } from '../guard.js';
import { type PeerEntry, peerEntry } from '../handles.js';

function localDesc(entry: PeerEntry): { sdp: string; type: string } | null {
  if (entry.closed) return entry.snapshot.local;
  // As the remote side sees it: a=max-message-size says the receive limit (@rxdc/native).
  return tryRead(() => entry.lifetime.localDescription()) ?? null;
}
function remoteDesc(entry: PeerEntry): { sdp: string; type: string } | null {
  if (entry.closed) return entry.snapshot.remote;
  return tryRead(() => entry.native.remoteDescription()) ?? null;
}
function withA(candidate: string): string {
  return candidate.startsWith('a=') ? candidate : `a=${candidate}`;
}
function selectedPair(entry: PeerEntry): PeerEntry['snapshot']['pair'] {
  if (entry.closed) return entry.snapshot.pair;
  const pair = tryRead(() => entry.native.getSelectedCandidatePair());
  if (!pair || typeof pair !== 'object') return null;
  return {
    local: withA(pair.local.candidate),
    remote: withA(pair.remote.candidate),
    localAddress: `${pair.local.address}:${pair.local.port}`,
    remoteAddress: `${pair.remote.address}:${pair.remote.port}`,
  };
}

function getString(
  pc: number,
  read: (entry: PeerEntry) => string | undefined,
  buffer: unknown,
  size: unknown,
): number {
  const entry = peerEntry(pc);
  if (!entry || !isBufferArg(buffer, size)) return RTC_ERR_INVALID;
  const value = read(entry);
  if (value === undefined) return RTC_ERR_NOT_AVAIL;
  return copyString(value, buffer, size);
}

/**
 * Copies the local description SDP into `buffer` (NUL-terminated); returns its length with the
 * NUL, the size needed if `buffer` is null, or RTC_ERR_NOT_AVAIL / RTC_ERR_TOO_SMALL.
 * While local candidates are held (before the first local description callback, and for an
 * offerer until its answer is applied) the SDP carries no `a=candidate` lines: @rxdc/native's
 * rule (`PeerLifetime.localDescription`), so sending it never hands the remote our candidates
 * before the answer is applied.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetLocalDescription } from '@rxdc/capi-compat';
 * const needed = rtcGetLocalDescription(pc, null, 0);
 * const buffer = new Uint8Array(needed);
 * rtcGetLocalDescription(pc, buffer, buffer.length);
 * console.log(readCString(buffer));
 * ```
 */
export function rtcGetLocalDescription(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => localDesc(e)?.sdp, buffer, size);
}

/**
 * Copies the remote description SDP into `buffer` (same size rules as rtcGetLocalDescription).
 *
 * @example
 * ```ts
 * import { readCString, rtcGetRemoteDescription } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(8192);
 * if (rtcGetRemoteDescription(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetRemoteDescription(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => remoteDesc(e)?.sdp, buffer, size);
}

/**
 * Copies the local description type ("offer", "answer"...) into `buffer`.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetLocalDescriptionType } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(16);
 * if (rtcGetLocalDescriptionType(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetLocalDescriptionType(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => localDesc(e)?.type, buffer, size);
}

/**
 * Copies the remote description type into `buffer`.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetRemoteDescriptionType } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(16);
 * if (rtcGetRemoteDescriptionType(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetRemoteDescriptionType(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => remoteDesc(e)?.type, buffer, size);
}

/**
 * Copies the local address of the selected candidate pair, `IP:PORT` (IPv6 unbracketed).
 * RTC_ERR_NOT_AVAIL before a pair is selected.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetLocalAddress } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(64);
 * if (rtcGetLocalAddress(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetLocalAddress(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => selectedPair(e)?.localAddress, buffer, size);
}

/**
 * Copies the remote address of the selected candidate pair, `IP:PORT`.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetRemoteAddress } from '@rxdc/capi-compat';
 * const buffer = new Uint8Array(64);
 * if (rtcGetRemoteAddress(pc, buffer, buffer.length) > 0) console.log(readCString(buffer));
 * ```
 */
export function rtcGetRemoteAddress(pc: number, buffer: CharBuffer, size: number): number {
  return getString(pc, (e) => selectedPair(e)?.remoteAddress, buffer, size);
}

/**
 * Copies the selected local and remote candidates (each starting with `a=`); returns the
 * larger of the two lengths (NUL included). Either buffer may be null.
 *
 * @example
 * ```ts
 * import { readCString, rtcGetSelectedCandidatePair } from '@rxdc/capi-compat';
 * const local = new Uint8Array(256);
 * const remote = new Uint8Array(256);
 * if (rtcGetSelectedCandidatePair(pc, local, 256, remote, 256) > 0) console.log(readCString(local), readCString(remote));
 * ```
 */
export function rtcGetSelectedCandidatePair(
  pc: number,
  local: CharBuffer,
  localSize: number,
  remote: CharBuffer,
  remoteSize: number,
): number {
  const entry = peerEntry(pc);
  if (!entry || !isBufferArg(local, localSize) || !isBufferArg(remote, remoteSize))
    return RTC_ERR_INVALID;
  const pair = selectedPair(entry);
  if (!pair) return RTC_ERR_NOT_AVAIL;
  const localRet = copyString(pair.local, local, localSize);
  if (localRet < 0) return localRet;
  const remoteRet = copyString(pair.remote, remote, remoteSize);
  if (remoteRet < 0) return remoteRet;
  return Math.max(localRet, remoteRet);
}

/**
 * The highest data channel stream id the connection allows.
 *
 * @example
 * ```ts
 * import { rtcGetMaxDataChannelStream } from '@rxdc/capi-compat';
 * console.log(rtcGetMaxDataChannelStream(pc)); // 1023 by default
 * ```
 */
export function rtcGetMaxDataChannelStream(pc: number): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  if (entry.closed) return RTC_ERR_FAILURE;
  const max = tryRead(() => entry.native.maxDataChannelId());
  return typeof max === 'number' ? max : RTC_ERR_FAILURE;
}

/**
 * The remote peer's maximum message size (65536 when its SDP says nothing).
 *
 * @example
 * ```ts
 * import { rtcGetRemoteMaxMessageSize } from '@rxdc/capi-compat';
 * console.log(rtcGetRemoteMaxMessageSize(pc));
 * ```
 */
export function rtcGetRemoteMaxMessageSize(pc: number): number {
  const entry = peerEntry(pc);
  if (!entry) return RTC_ERR_INVALID;
  if (entry.closed) return RTC_ERR_FAILURE;
  // The one effective limit, the lifetime's (0 when node-datachannel cannot say).
  const max = entry.lifetime.maxMessageSize;
  return max > 0 ? max : RTC_ERR_FAILURE;
}

/** Keeps what stays readable after close (descriptions, the pair) while the native peer answers. @internal */
export function takeSnapshot(entry: PeerEntry): void {
  entry.snapshot = {
    local: localDesc(entry),
    remote: remoteDesc(entry),
    pair: selectedPair(entry),
  };
}
