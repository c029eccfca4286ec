import { RxError } from './rx-error.js';

/**
 * The argument checks of every public function of `@rxdc/rx`: a wrong argument is an
 * {@link RxError} `INVALID_ARGUMENT` whose message names the function, the argument, what it
 * must be and what was given, before anything is done with it (rather than a `TypeError` from
 * deep inside, such as "Cannot read properties of undefined (reading 'whenReleased')").
 * Plain code with no Node API: shared with the browser module.
 */

/**
 * A check: `undefined` when `value` is fine, otherwise what it must be ("a whole number >= 1").
 *
 * @internal
 */
export type Check = (value: unknown) => string | undefined;

/** What was given, for a message: `undefined`, `the string "8080"`, `an object with keys a, b`. @internal */
export function describeGiven(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return value.name ? `the function ${value.name}` : 'a function';
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const name = (value as object).constructor?.name;
  if (name && name !== 'Object') return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
  const keys = Object.keys(value as object);
  if (keys.length === 0) return 'an empty object';
  return `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', ...' : ''}`;
}

/** Throws `INVALID_ARGUMENT` for `value` unless `check` passes. @internal */
export function checkArgument(where: string, name: string, value: unknown, check: Check): void {
  const expected = check(value);
  if (expected !== undefined) {
    throw new RxError(
      'INVALID_ARGUMENT',
      `${where}: ${name} must be ${expected}, got ${describeGiven(value)}`,
    );
  }
}

/**
 * Checks an options object: `undefined` or an object, no key but those of `checks` (a typo is
 * refused by name), each value given either `undefined` or passing its check.
 *
 * @internal
 */
export function checkOptions(
  where: string,
  options: unknown,
  checks: Readonly<Record<string, Check>>,
  name = 'options',
): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new RxError(
      'INVALID_ARGUMENT',
      `${where}: ${name} must be an object or undefined, got ${describeGiven(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    const check = checks[key];
    if (!check) {
      throw new RxError(
        'INVALID_ARGUMENT',
        `${where}: unknown option ${JSON.stringify(key)} in ${name} (known: ${Object.keys(checks).join(', ')})`,
      );
    }
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) checkArgument(where, `${name}.${key}`, value, check);
  }
}

/** A whole number from `min` to `max`. @internal */
export const wholeNumber =
  (min: number, max = Number.MAX_SAFE_INTEGER, unit = ''): Check =>
  (value) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max
      ? undefined
      : `a whole number${unit}${max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` from ${min} to ${max}`}`;

/** A finite number from `min` (exclusive when `above`) to `max`. @internal */
export const finiteNumber =
  (min: number, max = Number.POSITIVE_INFINITY, above = false): Check =>
  (value) =>
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (above ? value > min : value >= min) &&
    value <= max
      ? undefined
      : `a number ${above ? '>' : '>='} ${min}${max === Number.POSITIVE_INFINITY ? '' : ` and <= ${max}`}`;

/** A function. @internal */
export const isFunction: Check = (value) =>
  typeof value === 'function' ? undefined : 'a function';

/** `true` or `false`. @internal */
export const isBoolean: Check = (value) =>
  typeof value === 'boolean' ? undefined : 'true or false';

/** A string. @internal */
export const isString: Check = (value) => (typeof value === 'string' ? undefined : 'a string');

/** A plain object (any object but an array or a function). @internal */
export const isObject: Check = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'an object';

/** One of `values`. @internal */
export const oneOf =
  (values: readonly string[]): Check =>
  (value) =>
    values.includes(value as string)
      ? undefined
      : `one of ${values.map((v) => `'${v}'`).join(', ')}`;

/** An RxJS scheduler (`now()` and `schedule()`). @internal */
export const isScheduler: Check = (value) =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { now?: unknown }).now === 'function' &&
  typeof (value as { schedule?: unknown }).schedule === 'function'
    ? undefined
    : 'an RxJS scheduler (with now() and schedule())';

/** What an Observable-like member must be: an object with `subscribe()`. */
const subscribable = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { subscribe?: unknown }).subscribe === 'function';

/**
 * An object with these members: `'function'`, `'number'`, `'boolean'`, `'string'` (by
 * `typeof`, read once each) or `'observable'` (with `subscribe()`). `what` names it in the
 * message ("a data channel").
 *
 * @internal
 */
export const hasMembers =
  (
    what: string,
    members: Readonly<
      Record<string, 'function' | 'number' | 'boolean' | 'string' | 'observable' | 'defined'>
    >,
  ): Check =>
  (value) => {
    const shape = `${what} (an object with ${Object.keys(members).join(', ')})`;
    if (typeof value !== 'object' || value === null) return shape;
    for (const [key, kind] of Object.entries(members)) {
      if (!(key in value)) return `${shape}; ${key} is missing`;
      const member = (value as Record<string, unknown>)[key];
      const ok =
        kind === 'observable'
          ? subscribable(member)
          : kind === 'defined'
            ? true
            : typeof member === kind;
      if (!ok) return `${shape}; its ${key} is ${describeGiven(member)}`;
    }
    return undefined;
  };

/** An Observable, a Promise, an (async) iterable or an array: what RxJS's `from` takes. @internal */
export const isObservableInput: Check = (value) => {
  if (typeof value === 'object' && value !== null) {
    if (
      subscribable(value) ||
      typeof (value as { then?: unknown }).then === 'function' ||
      Symbol.iterator in value ||
      Symbol.asyncIterator in value
    ) {
      return undefined;
    }
  }
  return 'an Observable, a Promise, an array or an (async) iterable';
};

/** The members every sender uses of a channel (`FlowChannel`). @internal */
export const FLOW_CHANNEL_MEMBERS = {
  send: 'function',
  bufferedAmount: 'number',
  bufferedAmountLowThreshold: 'number',
  isOpen: 'boolean',
  isClosed: 'boolean',
  open$: 'observable',
  closed$: 'observable',
  bufferedAmountLow$: 'observable',
} as const;

/** A channel senders can use (`FlowChannel`: any `@rxdc/core` channel). @internal */
export const isFlowChannel: Check = hasMembers('a channel', FLOW_CHANNEL_MEMBERS);

/** The flow options every sender takes (`FlowOptions`). @internal */
export const FLOW_OPTIONS: Readonly<Record<string, Check>> = {
  highWaterMark: wholeNumber(1, Number.MAX_SAFE_INTEGER, ' of bytes'),
  lowWaterMark: wholeNumber(0, Number.MAX_SAFE_INTEGER, ' of bytes'),
};
