import type { DataChannelInitConfig, NativeDataChannel } from '@rxdc/native';
import { Channel, type Message } from './channel.js';

/**
 * How a data channel delivers its messages, as it was created. node-datachannel cannot read
 * these back from the native channel, so an incoming channel reports what its creator asked
 * only when known; otherwise the defaults (reliable and ordered) are assumed.
 *
 * @example
 * ```ts
 * import type { DataChannelReliability } from '@rxdc/core';
 * const lossy: DataChannelReliability = { unordered: true, maxRetransmits: 0 };
 * ```
 */
export interface DataChannelReliability {
  /** Messages may arrive out of order. */
  readonly unordered: boolean;
  /** Give up on a message after this many retransmissions (partial reliability). */
  readonly maxRetransmits?: number;
  /** Give up on a message after this many milliseconds (partial reliability). */
  readonly maxPacketLifeTime?: number;
}

/**
 * A WebRTC data channel: a {@link Channel} with a label, a protocol, a stream id and the
 * reliability it was created with. Get one from `PeerConnection.createDataChannel()` or from
 * `PeerConnection.dataChannel$` for channels the remote side opened.
 *
 * @example
 * ```ts
 * import { PeerConnection } from '@rxdc/core';
 * const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
 * const channel = peer.createDataChannel('chat', { protocol: 'json' });
 * channel.open$.subscribe(() => channel.send(JSON.stringify({ hello: 'world' })));
 * ```
 */
export class DataChannel extends Channel<Message> {
  /** Always `'DataChannel'`: what `liveObjects()` reports for it. */
  get kind(): 'DataChannel' {
    // A getter on the prototype, not a field: one slot less in every channel.
    return 'DataChannel';
  }
  /** The label given at creation. Readable after close. */
  readonly label: string;
  /** The sub-protocol given at creation ('' if none). Readable after close. */
  readonly protocol: string;
  /** How messages are delivered. */
  readonly reliability: DataChannelReliability;
  #streamId: number | undefined;

  /** @internal Created by PeerConnection only. */
  constructor(native: NativeDataChannel, init: DataChannelInitConfig, receiveLimit: number) {
    super(native, 'DataChannel', { receiveLimit });
    this.label = native.getLabel();
    this.protocol = native.getProtocol();
    this.reliability =
      init.unordered === undefined &&
      init.maxRetransmits === undefined &&
      init.maxPacketLifeTime === undefined
        ? reliableOrdered
        : {
            unordered: init.unordered ?? false,
            ...(init.maxRetransmits !== undefined && { maxRetransmits: init.maxRetransmits }),
            ...(init.maxPacketLifeTime !== undefined && {
              maxPacketLifeTime: init.maxPacketLifeTime,
            }),
          };
    // An incoming channel is open already (the base constructor ran opened() before #dc was set).
    if (this.isOpen) this.opened();
  }

  /** Remembers the stream id once open, so it stays readable after close. @internal */
  protected override opened(): void {
    if (#streamId in this) void this.streamId;
  }

  /**
   * The SCTP stream id, or `undefined` until one is assigned (before the connection is
   * established, for a channel created on the offering side).
   */
  get streamId(): number | undefined {
    if (this.#streamId === undefined && !this.isClosed) {
      const id = (this.native as NativeDataChannel).getId();
      // node-datachannel reports 65535 until the id is assigned.
      if (id !== 65535) this.#streamId = id;
    }
    return this.#streamId;
  }
}

/** The reliability of every channel created without options (and of incoming ones): shared. */
const reliableOrdered: DataChannelReliability = Object.freeze({ unordered: false });
