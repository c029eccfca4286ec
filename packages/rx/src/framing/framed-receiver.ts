import type { Message } from '@rxdc/core';
import { Observable, Subject, type Subscription } from 'rxjs';
import { FrameDecoder } from './frame-decoder.js';

/**
 * The receiving half of a framed channel: one decoder per channel, not per subscription.
 *
 * A framed stream cannot be decoded from the middle (sequence numbers, fragments), so the
 * decoder reads the channel from the first subscription until the channel's messages end,
 * whoever is subscribed. Like `@rxdc/core`'s `messages$`, whole messages that arrive while
 * nobody is subscribed (including the rest of a batch packet a subscriber left in the middle
 * of) are held, in order, for the next subscriber; a failure with nobody subscribed is held
 * too, and every later subscriber gets it after the held messages.
 *
 * @internal
 */
export class FramedReceiver {
  readonly #source: Observable<Message>;
  readonly #decoder: FrameDecoder;
  readonly #held: Message[] = [];
  #heldHead = 0;
  readonly #live = new Subject<Message>();
  #terminal: { error: unknown } | 'complete' | undefined;
  #connection: Subscription | undefined;
  #connected = false;

  /** Whole messages, in order; see the class comment. */
  readonly messages$: Observable<Message> = new Observable<Message>((subscriber) => {
    this.#connect();
    while (this.#heldHead < this.#held.length && !subscriber.closed) {
      const message = this.#held[this.#heldHead] as Message;
      this.#held[this.#heldHead++] = undefined as never;
      subscriber.next(message);
    }
    if (this.#heldHead === this.#held.length) {
      this.#held.length = 0;
      this.#heldHead = 0;
    }
    if (subscriber.closed) return;
    const terminal = this.#terminal;
    if (terminal === 'complete') return subscriber.complete();
    if (terminal) return subscriber.error(terminal.error);
    return this.#live.subscribe(subscriber);
  });

  constructor(source: Observable<Message>, options: { maxMessageSize?: number }) {
    this.#source = source;
    this.#decoder = new FrameDecoder(options);
  }

  /** Ends the stream with `error` (a send failure of the framed channel), once. */
  fail(error: unknown): void {
    if (this.#terminal) return;
    this.#terminal = { error };
    this.#connection?.unsubscribe();
    this.#live.error(error);
  }

  #connect(): void {
    if (this.#connected) return;
    this.#connected = true;
    const emit = (message: Message): void => {
      if (this.#live.observed) this.#live.next(message);
      else this.#held.push(message);
    };
    const connection = this.#source.subscribe({
      next: (packet) => {
        if (this.#terminal) return;
        try {
          this.#decoder.push(packet, emit);
        } catch (error) {
          // Nothing after a bad packet can be trusted: stop reading the channel.
          this.fail(error);
        }
      },
      error: (error) => this.fail(error),
      complete: () => {
        if (this.#terminal) return;
        try {
          this.#decoder.end();
        } catch (error) {
          return this.fail(error);
        }
        this.#terminal = 'complete';
        this.#live.complete();
      },
    });
    // The source may have ended (or failed) synchronously, before `subscribe` returned.
    if (this.#terminal) connection.unsubscribe();
    else this.#connection = connection;
  }
}
