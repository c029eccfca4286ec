import type { Message, Sendable } from '@rxdc/core';
import { map, merge, Observable, type Observer, Subject, type Subscription, share } from 'rxjs';
import type { FlowChannel, SendProgress } from '../backpressure/flow-channel.js';
import { type SendOptions, sendWithBackpressure } from '../backpressure/send-with-backpressure.js';
import type { Codec } from '../codecs/codec.js';
import { decodeWith } from '../codecs/decode-with.js';

/**
 * The channel a {@link ChannelSubject} runs on: any `@rxdc/core` DataChannel or WebSocket.
 *
 * @example
 * ```ts
 * const carrier: SubjectChannel = peer.createDataChannel('chat');
 * ```
 */
export interface SubjectChannel extends FlowChannel {
  readonly messages$: Observable<Message>;
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
 * keep going past bad messages). A send failure (queue overflow, channel closed) fails the
 * subscribers too. `progress$` reports send progress.
 *
 * @example
 * ```ts
 * import { channelSubject, json } from '@rxdc/rx';
 * const chat = channelSubject(channel, { codec: json<{ text: string }>() });
 * chat.subscribe((message) => console.log(message.text));
 * chat.next({ text: 'hello' });
 * ```
 */
export class ChannelSubject<T = Message> extends Observable<T> implements Observer<T> {
  /** Send progress, as reported by `sendWithBackpressure`. */
  readonly progress$: Observable<SendProgress>;
  readonly #channel: SubjectChannel;
  readonly #codec: Codec<T> | undefined;
  readonly #outgoing = new Subject<Sendable>();
  readonly #failure = new Subject<never>();
  readonly #progress = new Subject<SendProgress>();
  readonly #sending: Subscription;

  constructor(channel: SubjectChannel, options: ChannelSubjectOptions<T> = {}) {
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
    this.#sending = this.#outgoing.pipe(sendWithBackpressure(channel, options)).subscribe({
      next: (progress) => this.#progress.next(progress),
      error: (error) => {
        this.#progress.error(error);
        this.#failure.error(error);
      },
      complete: () => {
        this.#progress.complete();
        this.#channel.close();
      },
    });
    channel.closed$.subscribe(() => this.#failure.complete());
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
    this.#outgoing.next(message);
  }

  /** Closes the channel at once; what was queued is not sent. */
  error(_error: unknown): void {
    this.#sending.unsubscribe();
    this.#channel.close();
  }

  /** Closes the channel once everything queued has been sent and has left its buffer. */
  complete(): void {
    this.#outgoing.complete();
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
