/**
 * What a send pump takes messages from: the queue of `sendWithBackpressure`, the source of
 * `sendFrom`, or the packets of a framed channel.
 *
 * @internal
 */
export interface PumpFeed<T> {
  /**
   * The size in bytes of the next message, or `undefined` when there is none to send now. May
   * prepare the message (read the next chunk of a source, cut a piece of a large one).
   */
  nextSize(): number | undefined;
  /** Takes the message whose size `nextSize()` just gave, to send it. */
  take(): T;
}

/** What a send pump sends into: any channel with a buffered amount. @internal */
export interface PumpTarget<T> {
  send(message: T): void;
  readonly bufferedAmount: number;
}

/**
 * The one send loop of `@rxdc/rx`, shared by every sender (`sendFrom`, `sendWithBackpressure`,
 * framed channels, in Node and in the browser module): hands messages from `feed` to `target`
 * while the buffered amount stays within `highWaterMark` (a message larger than the mark goes
 * when the buffer is empty). Returns `'full'` when it stopped for room (wake it when the buffer
 * drains) or `'empty'` when the feed had nothing more. Throws what `target.send` throws.
 * Plain code with no Node API.
 *
 * @internal
 */
export function pumpSends<T>(
  target: PumpTarget<T>,
  highWaterMark: number,
  feed: PumpFeed<T>,
): 'full' | 'empty' {
  for (;;) {
    const size = feed.nextSize();
    if (size === undefined) return 'empty';
    const buffered = target.bufferedAmount;
    if (buffered !== 0 && buffered + size > highWaterMark) return 'full';
    target.send(feed.take());
  }
}
