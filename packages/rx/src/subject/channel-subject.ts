import type { Message, Sendable } from '@rxdc/core';
import { map, merge, Observable, type Observer, Subject, type Subscription, share } from 'rxjs';
import { byteSize, type FlowChannel, type SendProgress } from '../backpressure/flow-channel.js';
import {
  SEND_OPTIONS,
  type SendOptions,
  sendWithBackpressure,
} from '../backpressure/send-with-backpressure.js';
import { type Codec, isCodec } from '../codecs/codec.js';
import { decodeWith } from '../codecs/decode-with.js';
import {
  checkArgument,
  checkOptions,
  FLOW_CHANNEL_MEMBERS,
  hasMembers,
} from '../errors/argument-checks.js';
import { RxError } from '../errors/rx-error.js';

/**
 * The channel a {@link ChannelSubject} runs on: any `@rxdc/core` DataChannel or WebSocket.
 *
 * @example
 * ```ts
 * const carrier: SubjectChannel = peer.createDataChannel('chat');
 * ```
 */
export interface SubjectChannel extends FlowChannel {
  /** The channel's messages, in order: what subscribers of the subject receive (decoded). */
  readonly messages$: Observable<Message>;
  /** Closes the channel; called by the subject's `complete()` (once drained) and `error()`. */
  close(): void;
}

/**
 * Options of {@link channelSubject}.
 *
 * @example
 * ```ts
 * const options: ChannelSubjectOptions<Chat> = { codec: json<Chat>(), queueLimit: 1 << 20 };
 * ```
 */
export interface ChannelSubjectOptions<T> extends SendOptions {
  /** How values become messages and back. Default: messages as they are (string or bytes). */
  codec?: Codec<T>;
}

/**
 * The data-channel counterpart of RxJS's `webSocket` subject: `next()` sends (through the
 * backpressure queue, so a burst never overfills the channel), subscribing receives, and
 * `complete()` closes the channel once everything queued has left its buffer; `error()`
 * closes it at once.
 *
 * Received messages are decoded with the codec; a message it cannot decode fails the
 * subscribers with that `DECODE_FAILED` error value (use `decodeWith` on `channel.messages$` to
 * keep going past bad messages). A send failure (queue overflow) fails the subscribers too.
 * `progress$` reports send progress.
 *
 * When the channel closes (the remote side closed it, or it was closed directly), the subject
 * completes if nothing sent is pending, like a `webSocket` subject on a clean close. It fails
 * with `CHANNEL_CLOSED` only when something sent was not delivered: messages still waiting in
 * the send queue, or bytes the channel's buffer still held when it was last looked at.
 *
 * @example
 * ```ts
 * import { channelSubject, json } from '@rxdc/rx';
 * const chat = channelSubject(channel, { codec: json<{ text: string }>() });
 * chat.subscribe({
 *   next: (message) => console.log(message.text),
 *   complete: () => console.log('the other side closed the chat'),
 * });
 * chat.next({ text: 'hello' });
 * ```
 */
export class ChannelSubject<T = Message> extends Observable<T> implements Observer<T> {
  /**
   * Send progress, as reported by `sendWithBackpressure`. Completes when the channel closes
   * with nothing pending; fails as the subject does.
   */
  readonly progress$: Observable<SendProgress>;
  readonly #channel: SubjectChannel;
  readonly #codec: Codec<T> | undefined;
  readonly #outgoing = new Subject<Sendable>();
  readonly #failure: Subject<never>;
  readonly #progress = new Subject<SendProgress>();
  readonly #sending: Subscription | undefined;
  /** Messages given to `next()` (and the queue) so far. */
  #accepted = 0;
  #acceptedBytes = 0;
  #last: SendProgress | undefined;
  /** Set when the subject itself closes the channel (`complete()` drained, or `error()`). */
  #closingOnPurpose = false;
  #ended = false;
  #bufferTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(channel: SubjectChannel, options: ChannelSubjectOptions<T> = {}) {
    const where = 'channelSubject(channel, options)';
    checkArgument(
      where,
      'channel',
      channel,
      hasMembers('a data channel', {
        ...FLOW_CHANNEL_MEMBERS,
        messages$: 'observable',
        close: 'function',
      }),
    );
    checkOptions(where, options, { ...SEND_OPTIONS, codec: isCodec });
    const codec = options.codec;
    const failure = new Subject<never>();
    const received = codec
      ? channel.messages$.pipe(
          decodeWith(codec),
          map((result) => {
            if (!result.ok) throw result.error;
            return result.value;
          }),
        )
      : (channel.messages$ as Observable<unknown> as Observable<T>);
    const incoming = merge(received, failure).pipe(share({ resetOnRefCountZero: true }));
    super((subscriber) => incoming.subscribe(subscriber));
    this.#failure = failure;
    this.#channel = channel;
    this.#codec = codec;
    this.progress$ = this.#progress.asObservable();
    // Subscribed before the sender, so that on close this decides between a clean end and
    // CHANNEL_CLOSED, and the sender's own closed error never reaches anyone.
    channel.closed$.subscribe(() => this.#handleClosed());
    if (this.#ended) return;
    const { codec: _codec, ...sendOptions } = options;
    this.#sending = this.#outgoing.pipe(sendWithBackpressure(channel, sendOptions)).subscribe({
      next: (progress) => {
        this.#last = progress;
        if (progress.bufferedBytes > 0) this.#watchBuffer();
        this.#progress.next(progress);
      },
      error: (error) => {
        this.#ended = true;
        this.#progress.error(error);
        this.#failure.error(error);
      },
      complete: () => {
        this.#closingOnPurpose = true;
        this.#channel.close();
      },
    });
  }

  /** Sends a value (encoded with the codec) through the backpressure queue. */
  next(value: T): void {
    let message: Sendable;
    try {
      message = this.#codec ? this.#codec.encode(value) : (value as unknown as Sendable);
    } catch (error) {
      this.#failure.error(error);
      return;
    }
    if (this.#ended) return;
    this.#accepted++;
    this.#acceptedBytes += byteSize(message);
    this.#outgoing.next(message);
  }

  /** Closes the channel at once; what was queued is not sent, and the subscribers complete. */
  error(_error: unknown): void {
    this.#closingOnPurpose = true;
    this.#sending?.unsubscribe();
    this.#channel.close();
  }

  /** Closes the channel once everything queued has been sent and has left its buffer. */
  complete(): void {
    this.#outgoing.complete();
  }

  #handleClosed(): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#bufferTimer) clearTimeout(this.#bufferTimer);
    this.#sending?.unsubscribe();
    const last = this.#last;
    const handedOver = last ? last.sentMessages + last.droppedMessages : 0;
    const queued = this.#accepted - handedOver;
    const buffered = last?.bufferedBytes ?? 0;
    if (this.#closingOnPurpose || (queued === 0 && buffered === 0)) {
      this.#progress.complete();
      this.#failure.complete();
      return;
    }
    const queuedBytes = this.#acceptedBytes - (last?.sentBytes ?? 0);
    const error = new RxError(
      'CHANNEL_CLOSED',
      `channel closed with sent data not delivered: ${queued} messages (${queuedBytes} bytes) still queued` +
        `${buffered > 0 ? `, ${buffered} bytes still in the channel's buffer` : ''}; ` +
        'close with complete() to wait until everything has left, or resend on a new channel',
    );
    this.#progress.error(error);
    this.#failure.error(error);
  }

  /**
   * The last progress report saw bytes in the channel's buffer: look again until it is empty,
   * so that a later close knows whether they left.
   */
  #watchBuffer(): void {
    if (this.#bufferTimer) return;
    const check = (): void => {
      this.#bufferTimer = undefined;
      if (this.#ended || !this.#last) return;
      const buffered = this.#channel.bufferedAmount;
      if (this.#channel.isClosed) return;
      this.#last = { ...this.#last, bufferedBytes: buffered };
      if (buffered > 0) this.#bufferTimer = setTimeout(check, 5);
    };
    this.#bufferTimer = setTimeout(check, 5);
  }
}

/**
 * Creates a {@link ChannelSubject} on `channel`.
 *
 * @example
 * ```ts
 * import { channelSubject } from '@rxdc/rx';
 * const echo = channelSubject<string>(channel);
 * echo.subscribe((message) => echo.next(message));
 * ```
 */
export function channelSubject<T = Message>(
  channel: SubjectChannel,
  options: ChannelSubjectOptions<T> = {},
): ChannelSubject<T> {
  return new ChannelSubject<T>(channel, options);
}
