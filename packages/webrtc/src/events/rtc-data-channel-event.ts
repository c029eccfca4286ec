import type { RTCDataChannel } from '../channel/rtc-data-channel.js';
import { isRTCDataChannel } from '../channel/rtc-data-channel-brand.js';
import { toDictionary, toDOMString } from '../webidl/convert.js';

/**
 * The members of a new {@link RTCDataChannelEvent}.
 *
 * @example
 * ```ts
 * import type { RTCDataChannelEventInit, RTCDataChannel } from '@rxdc/webrtc';
 * declare const channel: RTCDataChannel;
 * const init: RTCDataChannelEventInit = { channel };
 * ```
 */
export interface RTCDataChannelEventInit {
  /** Whether the event bubbles (default false). */
  bubbles?: boolean;
  /** Whether the event can be cancelled (default false). */
  cancelable?: boolean;
  /** Whether the event crosses shadow roots (default false). */
  composed?: boolean;
  /** The channel the event announces (required). */
  channel: RTCDataChannel;
}

/**
 * The `datachannel` event of an RTCPeerConnection: the remote side opened `channel`.
 *
 * @example
 * ```ts
 * import { RTCPeerConnection } from '@rxdc/webrtc';
 * const pc = new RTCPeerConnection();
 * pc.ondatachannel = (event) => console.log(event.channel.label);
 * pc.close();
 * ```
 */
export class RTCDataChannelEvent extends Event {
  readonly #channel: RTCDataChannel;

  constructor(type: string, eventInitDict: RTCDataChannelEventInit) {
    // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually given
    if (arguments.length < 2)
      throw new TypeError('RTCDataChannelEvent: 2 arguments required (type and { channel })');
    const typeString = toDOMString(type, 'RTCDataChannelEvent type');
    const dict = toDictionary(eventInitDict, 'RTCDataChannelEventInit');
    if (!isRTCDataChannel(dict.channel))
      throw new TypeError('RTCDataChannelEventInit.channel must be an RTCDataChannel');
    super(typeString, dict as { bubbles?: boolean; cancelable?: boolean; composed?: boolean });
    this.#channel = dict.channel as RTCDataChannel;
  }

  /** The channel the remote side opened. */
  get channel(): RTCDataChannel {
    return this.#channel;
  }
}
