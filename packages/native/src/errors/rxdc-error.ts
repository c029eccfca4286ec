/**
 * The base of every rxdc error class (`RtcError` here, `RxError`, `WsServerError`, ...): a
 * `code` to switch on, a message that says what to do, and `cause` for the underlying error.
 *
 * `instanceof` holds across copies of a package (its ESM and CommonJS builds, two installed
 * versions): a class that declares a static `brand` (a `Symbol.for` key such as
 * `'rxdc.native.RtcError'`) is checked by that brand, which every instance of it and of its
 * subclasses carries, not by prototype. A subclass without its own `brand` keeps the ordinary
 * prototype check. The error's `name` is the last dot-separated part of the nearest brand.
 *
 * @example
 * ```ts
 * import { RxdcError } from '@rxdc/native';
 * type QueueErrorCode = 'QUEUE_FULL' | 'QUEUE_CLOSED';
 * class QueueError extends RxdcError<QueueErrorCode> {
 *   static override readonly brand = 'rxdc.example.QueueError';
 * }
 * const error = new QueueError('QUEUE_FULL', 'the queue is full; read sooner');
 * console.log(error instanceof RxdcError, error.name, error.code); // true QueueError QUEUE_FULL
 * ```
 */
export class RxdcError<Code extends string = string> extends Error {
  /**
   * The `Symbol.for` key that brands this class's instances; a subclass that wants
   * `instanceof` to hold across copies declares its own (`'rxdc.<package>.<Class>'`).
   */
  static readonly brand: string = 'rxdc.native.RxdcError';

  /** What went wrong, for callers to switch on. */
  readonly code: Code;

  /**
   * @param code what went wrong
   * @param message what went wrong and what to do about it
   * @param options `cause`: the underlying error, when there is one
   */
  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    let name: string | undefined;
    // Every class up the chain that declares its own brand marks the instance with it.
    for (let c: unknown = new.target; c !== Error && typeof c === 'function'; ) {
      if (Object.hasOwn(c, 'brand')) {
        const key = (c as typeof RxdcError).brand;
        Object.defineProperty(this, Symbol.for(key), { value: true });
        name ??= key.slice(key.lastIndexOf('.') + 1);
      }
      c = Object.getPrototypeOf(c);
    }
    this.name = name ?? 'RxdcError';
  }

  /** True for an instance of this class from any copy of rxdc (see the class summary). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of instanceof (this one or a subclass)
    return isInstance(this, value);
  }
}

/** The brand check when `target` declares its own brand, else the ordinary prototype check. */
function isInstance(target: typeof RxdcError, value: unknown): boolean {
  if (!Object.hasOwn(target, 'brand')) {
    return Function.prototype[Symbol.hasInstance].call(target, value);
  }
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for(target.brand)] === true
  );
}
