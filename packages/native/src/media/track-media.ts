import {
  NativeAV1RtpPacketizerClass,
  NativeH264RtpPacketizerClass,
  NativeH265RtpPacketizerClass,
  type NativeMediaHandler,
  NativePacingHandlerClass,
  NativeRtcpNackResponderClass,
  NativeRtcpReceivingSessionClass,
  NativeRtcpSrReporterClass,
  type NativeRtpPacketizationConfig,
  NativeRtpPacketizerClass,
  type NativeTrack,
} from '../binding.js';
import { reportQuietly, type ThrowReporter } from '../errors/guarded.js';
import { RtcError } from '../errors/rtc-error.js';
import { isDetachedView } from '../messages/detached-view.js';
import { checkFrame, checkRawPacket } from './frame-check.js';
import type {
  ChainedHandlerInit,
  MediaHandlerInit,
  MediaHandlerType,
  PacketizerInit,
} from './media-handler-init.js';
import { readRtcpFeedback } from './rtcp-feedback.js';
import { createRtpConfig, rtpTimestampToSeconds, secondsToRtpTimestamp } from './rtp-config.js';
import { isRtcp } from './rtp-header.js';

/**
 * Replaces, passes or drops each packet that reaches a track (see
 * {@link TrackMedia.setInterceptor}): return the packet itself to deliver it, another
 * `Uint8Array` to deliver that instead, or `null` to drop it.
 *
 * @example
 * ```ts
 * import type { MediaInterceptor } from '@rxdc/native';
 * const dropRtcp: MediaInterceptor = (packet) => (packet[1]! >= 192 && packet[1]! <= 223 ? null : packet);
 * ```
 */
export type MediaInterceptor = (packet: Buffer) => Uint8Array | null;

/** What a track's media needs from the track's lifetime. @internal */
export interface TrackMediaHost {
  /** True once the track closed (from either side). */
  isClosed(): boolean;
  /** True while the track is open, natively too. */
  isOpen(): boolean;
  /** Where an error thrown by a handler callback goes (never into native code). */
  readonly report: ThrowReporter;
}

interface ChainEntry {
  readonly init: MediaHandlerInit;
  /** The native handler; none for the handlers rxdc runs itself (PLI, REMB). */
  readonly native: NativeMediaHandler | undefined;
}

const UINT32_MAX = 0xffff_ffff;
/** libdatachannel's RtcpSrReporter sends a report with the first packet, then at most once a second. */
const SENDER_REPORT_INTERVAL_MS = 1000;
/** libdatachannel's RTC_DEFAULT_MAX_STORED_PACKET_COUNT. */
const DEFAULT_MAX_STORED_PACKETS = 512;

function isPacketizer(init: MediaHandlerInit): init is PacketizerInit {
  return init.type === 'h264' || init.type === 'h265' || init.type === 'av1' || init.type === 'rtp';
}

function requireWhole(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `${what} must be a whole number from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * The media side of one track: its handler chain (packetizer, RTCP handlers, pacing), its RTP
 * timestamps, what it sends and what it asks of the remote side. It belongs to the track's
 * lifetime (`ChannelLifetime.media`): the native handlers are kept alive with the track and
 * released with it, every call that would act after close is refused with `CLOSED` (the RTP
 * settings stay readable), and no call can throw into native code or abort the process:
 * - handlers are chained in libdatachannel's order: a packetizer first (it replaces the
 *   chain, as `rtcSet*Packetizer` does), then the others in the order given; `pacing` last (it
 *   sends its packets straight to the transport, past any handler after it);
 * - `requestKeyframe()` / `requestBitrate()` answer `NOT_OPEN` on a track that is not open
 *   (natively they abort the process when a handler would send the request), `CLOSED` after close;
 * - a frame is checked against its packetizer first (libdatachannel drops a malformed H.264
 *   frame silently, or sends an empty packet for it), a raw packet against the track's size.
 *
 * @example
 * ```ts
 * import type { TrackMedia } from '@rxdc/native';
 * declare const media: TrackMedia;
 * media.setPacketizer({ type: 'h264', separator: 'StartSequence', rtp: { ssrc: 42, cname: 'cam', payloadType: 96, clockRate: 90_000 } });
 * media.chain({ type: 'rtcp-sr-reporter' });
 * media.chain({ type: 'rtcp-nack-responder' });
 * media.rtpTimestamp = media.secondsToTimestamp(1 / 30);
 * ```
 */
export class TrackMedia {
  readonly #native: NativeTrack;
  readonly #host: TrackMediaHost;
  #chain: ChainEntry[] = [];
  #packetizer: PacketizerInit | undefined;
  #rtpConfig: NativeRtpPacketizationConfig | undefined;
  #interceptor: MediaInterceptor | undefined;
  #hasFeedbackHandlers = false;
  #hasSrReporter = false;
  #lastReportTime: number | undefined;
  #lastReportedTimestamp = 0;
  #released = false;

  /** @internal Created by the track's lifetime only. */
  constructor(native: NativeTrack, host: TrackMediaHost) {
    this.#native = native;
    this.#host = host;
  }

  /** The handlers of the chain, in order (empty after close: the track dropped them). */
  get handlers(): MediaHandlerType[] {
    return this.#chain.map((entry) => entry.init.type);
  }

  /** The packetizer's RTP settings (SSRC, payload type, clock rate), if one is set. */
  get packetizer(): PacketizerInit | undefined {
    return this.#packetizer;
  }

  /**
   * Sets the track's packetizer, replacing its whole chain (libdatachannel's
   * `Track::setMediaHandler`, what `rtcSetH264Packetizer` and its siblings do). Frames sent
   * afterwards are packetized natively with the RTP settings given. A new packetizer starts
   * its sequence numbers at random (node-datachannel cannot set them): replacing the packetizer
   * of a stream that already sent needs a new SSRC, or SRTP may refuse its packets as replayed
   * (`NATIVE_FAILURE`, "SRTP protect error").
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a bad setting, `CLOSED` after close.
   */
  setPacketizer(init: PacketizerInit): void {
    this.#requireLive('setPacketizer');
    if (init === null || typeof init !== 'object' || !isPacketizer(init)) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `setPacketizer takes { type: 'h264' | 'h265' | 'av1' | 'rtp', rtp: {...} }, got ${describeType(init)}`,
      );
    }
    const { handler, config } = this.#createPacketizer(init);
    this.#callNative('setMediaHandler', () => this.#native.setMediaHandler(handler));
    this.#chain = [{ init, native: handler }];
    this.#packetizer = init;
    this.#rtpConfig = config;
    this.#hasFeedbackHandlers = false;
    this.#hasSrReporter = false;
    this.#lastReportTime = undefined;
  }

  /**
   * Adds a handler at the end of the chain (libdatachannel's `Track::chainMediaHandler`, what
   * `rtcChainRtcpSrReporter` and its siblings do); the first handler of an empty chain starts it.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a bad setting; `INVALID_STATE` for an order
   * libdatachannel would run wrongly (a sender reporter without a packetizer, a handler after
   * `pacing`, a packetizer after another); `UNSUPPORTED` for a PLI or REMB handler after a
   * receiving session (it consumes the RTCP natively, before rxdc could read it); `CLOSED`
   * after close.
   */
  chain(init: MediaHandlerInit): void {
    this.#requireLive('chain');
    if (init === null || typeof init !== 'object' || typeof init.type !== 'string') {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `chain takes a media handler, got ${describeType(init)}`,
      );
    }
    if (this.#chain.some((entry) => entry.init.type === 'pacing')) {
      throw new RtcError(
        'INVALID_STATE',
        `cannot chain ${init.type} after pacing: the pacing handler sends its packets straight to the transport, so chain it last`,
      );
    }
    if (isPacketizer(init)) {
      if (
        this.#chain.some(
          (entry) => entry.native !== undefined && entry.init.type !== 'rtcp-receiving-session',
        )
      ) {
        throw new RtcError(
          'INVALID_STATE',
          `cannot chain a ${init.type} packetizer after a handler that works on RTP packets: use setPacketizer`,
        );
      }
      const { handler, config } = this.#createPacketizer(init);
      this.#appendNative(handler);
      this.#chain.push({ init, native: handler });
      this.#packetizer = init;
      this.#rtpConfig = config;
      return;
    }
    const native = this.#createChained(init);
    if (native) this.#appendNative(native);
    this.#chain.push({ init, native });
    if (init.type === 'pli-handler' || init.type === 'remb-handler')
      this.#hasFeedbackHandlers = true;
    if (init.type === 'rtcp-sr-reporter') this.#hasSrReporter = true;
  }

  /**
   * Sets (or with `undefined` removes) the interceptor every packet reaching the track passes
   * through before it is delivered (what `rtcSetMediaInterceptorCallback` sets for a peer).
   * It sees the packets node-datachannel hands to JavaScript: not the RTCP a receiving session
   * consumes natively. An interceptor that throws has its error reported and the packet
   * delivered unchanged.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for something that is not a function, `CLOSED` after close.
   */
  setInterceptor(interceptor: MediaInterceptor | undefined): void {
    this.#requireLive('setInterceptor');
    if (interceptor !== undefined && typeof interceptor !== 'function') {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `setInterceptor takes a function or undefined, got ${describeType(interceptor)}`,
      );
    }
    this.#interceptor = interceptor;
  }

  /**
   * The RTP timestamp of the next frame the packetizer sends (unsigned 32-bit): set it before
   * each frame (`rtcSetTrackRtpTimestamp`), read it back (`rtcGetCurrentTrackTimestamp`).
   *
   * @throws {@link RtcError} `INVALID_STATE` without a packetizer, `INVALID_ARGUMENT` for a
   * value that is not an unsigned 32-bit whole number, `CLOSED` when set after close (it can
   * still be read).
   */
  get rtpTimestamp(): number {
    return this.#config('rtpTimestamp', 'read').timestamp >>> 0;
  }

  set rtpTimestamp(timestamp: number) {
    const config = this.#config('rtpTimestamp', 'write');
    config.timestamp = requireWhole('rtpTimestamp', timestamp, 0, UINT32_MAX);
  }

  /** The packetizer's clock rate in Hz. @throws {@link RtcError} as {@link TrackMedia.rtpTimestamp}. */
  get clockRate(): number {
    return this.#config('clockRate', 'read').clockRate;
  }

  /**
   * Seconds in RTP timestamp units of the packetizer's clock (`rtcTransformSecondsToTimestamp`).
   *
   * @throws {@link RtcError} as {@link TrackMedia.rtpTimestamp}; `INVALID_ARGUMENT` for a
   * number that is not finite.
   */
  secondsToTimestamp(seconds: number): number {
    const clockRate = this.clockRate;
    if (typeof seconds !== 'number' || !Number.isFinite(seconds))
      throw new RtcError(
        'INVALID_ARGUMENT',
        `secondsToTimestamp takes a finite number, got ${String(seconds)}`,
      );
    return secondsToRtpTimestamp(seconds, clockRate);
  }

  /**
   * RTP timestamp units of the packetizer's clock in seconds (`rtcTransformTimestampToSeconds`).
   *
   * @throws {@link RtcError} as {@link TrackMedia.rtpTimestamp}.
   */
  timestampToSeconds(timestamp: number): number {
    const clockRate = this.clockRate;
    return rtpTimestampToSeconds(requireWhole('timestamp', timestamp, 0, UINT32_MAX), clockRate);
  }

  /**
   * The RTP timestamp of the last RTCP sender report sent (`rtcGetLastTrackSenderReportTimestamp`),
   * 0 before the first. node-datachannel does not expose it: rxdc applies libdatachannel's rule
   * (`RtcpSrReporter::outgoing`: a report goes with the first frame, then with the first frame
   * at least one second after the last report) to the frames it sends, on its own clock.
   *
   * @throws {@link RtcError} `INVALID_STATE` without a sender reporter.
   */
  get lastSenderReportTimestamp(): number {
    if (!this.#hasSrReporter)
      throw new RtcError(
        'INVALID_STATE',
        'lastSenderReportTimestamp needs an rtcp-sr-reporter in the chain',
      );
    return this.#lastReportedTimestamp;
  }

  /**
   * Sends a frame through the packetizer, or an RTP/RTCP packet on a track without one.
   * Returns what node-datachannel returns (true when a packet went out at once).
   *
   * @throws {@link RtcError} `NOT_OPEN` before the track opens, `CLOSED` after close,
   * `INVALID_ARGUMENT` for a malformed frame or packet (see `checkFrame`), `MESSAGE_TOO_LARGE`
   * for one over its limit, `NATIVE_FAILURE` when node-datachannel refuses it.
   */
  send(data: Uint8Array): boolean {
    this.#requireOpen('send');
    if (!(data instanceof Uint8Array) || isDetachedView(data)) {
      throw new RtcError(
        'INVALID_ARGUMENT',
        `send takes a Uint8Array of a live buffer, got ${describeType(data)}`,
      );
    }
    const maxMessageSize = this.#maxMessageSize();
    if (this.#packetizer) checkFrame(data, this.#packetizer, maxMessageSize);
    else checkRawPacket(data, maxMessageSize);
    const timestamp = this.#hasSrReporter ? this.#rtpConfig?.timestamp : undefined;
    const sent = this.#callNative('send', () =>
      // node-datachannel's Track checks for a Buffer: a view over the same bytes, not a copy.
      this.#native.sendMessageBinary(
        Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
      ),
    );
    if (timestamp !== undefined) this.#mirrorSenderReport(timestamp >>> 0);
    return sent;
  }

  /**
   * Asks the remote sender for a key frame (an RTCP PLI). True when a chained handler sent it
   * (`rtcp-receiving-session`, on a video track); false when none would.
   *
   * One window stays open, and no JavaScript check can close it: the remote side closing on
   * libdatachannel's own thread between the open check and the native send. Measured: calls
   * in tight loops (200 per event-loop turn) racing the remote peer's close aborted the process
   * 3 times in about 390,000 calls (6 runs); calls that do not race a close never did.
   *
   * @throws {@link RtcError} `NOT_OPEN` before the track opens (natively, the call aborts the
   * process), `CLOSED` after close.
   */
  requestKeyframe(): boolean {
    this.#requireOpen('requestKeyframe');
    return this.#callNative('requestKeyframe', () => this.#native.requestKeyframe());
  }

  /**
   * Asks the remote sender to limit its bitrate, in bits per second (an RTCP REMB, repeated
   * with each receiver report). 0 is allowed, as in libdatachannel: it sends a REMB of 0 and
   * stops the repetition. True when a chained handler sent it (`rtcp-receiving-session`).
   * The window of {@link TrackMedia.requestKeyframe} (a remote close racing the call) applies.
   *
   * @throws {@link RtcError} `INVALID_ARGUMENT` for a bitrate that is not a whole number from 0
   * to 2^32 - 1, `NOT_OPEN` before the track opens, `CLOSED` after close.
   */
  requestBitrate(bitsPerSecond: number): boolean {
    requireWhole('requestBitrate: bits per second', bitsPerSecond, 0, UINT32_MAX);
    this.#requireOpen('requestBitrate');
    return this.#callNative('requestBitrate', () => this.#native.requestBitrate(bitsPerSecond));
  }

  /**
   * Passes one packet that reached the track through rxdc's own handlers (PLI, REMB, in
   * libdatachannel's incoming order: last chained first) and the interceptor. Returns the
   * packet to deliver, or undefined when the interceptor dropped it. Never throws.
   * @internal
   */
  incoming(packet: Buffer): Buffer | undefined {
    if (this.#released) return packet;
    if (this.#hasFeedbackHandlers && isRtcp(packet)) this.#runFeedbackHandlers(packet);
    const interceptor = this.#interceptor;
    if (!interceptor) return packet;
    let result: Uint8Array | null;
    try {
      result = interceptor(packet);
    } catch (error) {
      reportQuietly(this.#host.report, error);
      return packet;
    }
    if (result === null) return undefined;
    if (result === packet) return packet;
    if (!(result instanceof Uint8Array) || isDetachedView(result)) {
      reportQuietly(
        this.#host.report,
        new RtcError(
          'INVALID_ARGUMENT',
          'a media interceptor returned neither a Uint8Array nor null: the packet was delivered unchanged',
        ),
      );
      return packet;
    }
    return Buffer.from(result);
  }

  /** True when {@link TrackMedia.incoming} has work to do. @internal */
  get hasIncomingWork(): boolean {
    return this.#hasFeedbackHandlers || this.#interceptor !== undefined;
  }

  /**
   * Releases the handlers once the track closed: libdatachannel drops the chain when the track
   * closes; the JavaScript side lets go of it here. @internal
   */
  release(): void {
    this.#released = true;
    // The RTP settings stay readable (the last timestamp, the clock rate): a plain native
    // struct, holding nothing of the track.
    this.#chain = [];
    this.#interceptor = undefined;
    this.#hasFeedbackHandlers = false;
  }

  #runFeedbackHandlers(packet: Buffer): void {
    const feedback = readRtcpFeedback(packet);
    if (!feedback.keyframe && feedback.bitrate === undefined) return;
    for (let i = this.#chain.length - 1; i >= 0; i--) {
      const init = this.#chain[i]!.init;
      try {
        if (init.type === 'pli-handler' && feedback.keyframe) init.onPli();
        else if (init.type === 'remb-handler' && feedback.bitrate !== undefined)
          init.onRemb(feedback.bitrate);
      } catch (error) {
        reportQuietly(this.#host.report, error);
      }
    }
  }

  #mirrorSenderReport(timestamp: number): void {
    const now = performance.now();
    if (
      this.#lastReportTime === undefined ||
      now >= this.#lastReportTime + SENDER_REPORT_INTERVAL_MS
    ) {
      this.#lastReportTime = now;
      this.#lastReportedTimestamp = timestamp;
    }
  }

  #createPacketizer(init: PacketizerInit): {
    handler: NativeMediaHandler;
    config: NativeRtpPacketizationConfig;
  } {
    const config = createRtpConfig(init.rtp);
    if (init.type === 'rtp') return { handler: new NativeRtpPacketizerClass(config), config };
    const fragment =
      init.maxFragmentSize === undefined
        ? undefined
        : requireWhole('maxFragmentSize', init.maxFragmentSize, 1, 65_000);
    if (init.type === 'av1') {
      const packetization = init.packetization ?? 'Obu';
      if (packetization !== 'Obu' && packetization !== 'TemporalUnit')
        throw new RtcError(
          'INVALID_ARGUMENT',
          `AV1 packetization is 'Obu' or 'TemporalUnit', got ${String(packetization)}`,
        );
      const handler =
        fragment === undefined
          ? new NativeAV1RtpPacketizerClass(packetization, config)
          : new NativeAV1RtpPacketizerClass(packetization, config, fragment);
      return { handler, config };
    }
    const separator = init.separator ?? 'Length';
    if (!['Length', 'LongStartSequence', 'ShortStartSequence', 'StartSequence'].includes(separator))
      throw new RtcError(
        'INVALID_ARGUMENT',
        `NAL separator is Length, LongStartSequence, ShortStartSequence or StartSequence, got ${String(separator)}`,
      );
    const Packetizer =
      init.type === 'h264' ? NativeH264RtpPacketizerClass : NativeH265RtpPacketizerClass;
    const handler =
      fragment === undefined
        ? new Packetizer(separator, config)
        : new Packetizer(separator, config, fragment);
    return { handler, config };
  }

  #createChained(init: ChainedHandlerInit): NativeMediaHandler | undefined {
    switch (init.type) {
      case 'rtcp-receiving-session':
        return new NativeRtcpReceivingSessionClass();
      case 'rtcp-sr-reporter':
        if (!this.#rtpConfig)
          throw new RtcError(
            'INVALID_STATE',
            "an rtcp-sr-reporter reports on a packetizer's stream: set a packetizer first",
          );
        return new NativeRtcpSrReporterClass(this.#rtpConfig);
      case 'rtcp-nack-responder':
        return new NativeRtcpNackResponderClass(
          init.maxStoredPackets === undefined
            ? DEFAULT_MAX_STORED_PACKETS
            : requireWhole('maxStoredPackets', init.maxStoredPackets, 1, 1_000_000),
        );
      case 'pacing': {
        // A budget of 0 never sends (the queue grows forever); an interval of 0 spins.
        if (
          typeof init.bitsPerSecond !== 'number' ||
          !(init.bitsPerSecond > 0) ||
          !Number.isFinite(init.bitsPerSecond)
        )
          throw new RtcError(
            'INVALID_ARGUMENT',
            `pacing: bitsPerSecond must be a positive number, got ${String(init.bitsPerSecond)}`,
          );
        return new NativePacingHandlerClass(
          init.bitsPerSecond,
          requireWhole('pacing: sendIntervalMs', init.sendIntervalMs, 1, 60_000),
        );
      }
      case 'pli-handler':
      case 'remb-handler': {
        const callback = init.type === 'pli-handler' ? init.onPli : init.onRemb;
        if (typeof callback !== 'function')
          throw new RtcError('INVALID_ARGUMENT', `${init.type} needs a callback function`);
        if (this.#chain.some((entry) => entry.init.type === 'rtcp-receiving-session')) {
          throw new RtcError(
            'UNSUPPORTED',
            `a ${init.type} after an rtcp-receiving-session: the session consumes every RTCP packet natively before rxdc can read it (node-datachannel has no native ${init.type})`,
          );
        }
        return undefined;
      }
      default:
        throw new RtcError(
          'INVALID_ARGUMENT',
          `unknown media handler type ${String((init as { type: unknown }).type)}`,
        );
    }
  }

  #appendNative(handler: NativeMediaHandler): void {
    const first = this.#chain.find((entry) => entry.native !== undefined)?.native;
    if (first) this.#callNative('chain', () => first.addToChain(handler));
    else this.#callNative('setMediaHandler', () => this.#native.setMediaHandler(handler));
  }

  #config(what: string, access: 'read' | 'write'): NativeRtpPacketizationConfig {
    if (access === 'write') this.#requireLive(what);
    if (!this.#rtpConfig)
      throw new RtcError('INVALID_STATE', `${what} needs a packetizer: set one first`);
    return this.#rtpConfig;
  }

  #maxMessageSize(): number {
    try {
      return this.#native.maxMessageSize();
    } catch {
      return 0;
    }
  }

  #requireLive(what: string): void {
    if (this.#released || this.#host.isClosed())
      throw new RtcError('CLOSED', `${what} on a closed track`);
  }

  #requireOpen(what: string): void {
    this.#requireLive(what);
    if (!this.#host.isOpen())
      throw new RtcError('NOT_OPEN', `${what} needs an open track: wait for it to open`);
  }

  #callNative<T>(what: string, call: () => T): T {
    try {
      return call();
    } catch (error) {
      // A close that raced this call (the native track is destroyed): closed, not a failure.
      if (this.#host.isClosed())
        throw new RtcError('CLOSED', `${what} on a closed track`, { cause: error });
      const reason = error instanceof Error ? error.message : String(error);
      throw new RtcError('NATIVE_FAILURE', `${what}: ${reason}`, { cause: error });
    }
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}
