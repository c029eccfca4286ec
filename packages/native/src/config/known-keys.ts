import { RtcError, type RtcErrorCode } from '../errors/rtc-error.js';

/**
 * Refuses a key of `object` that is not in `known`: in plain JavaScript a misspelled option
 * (`iceServer`, `maxMesageSize`) would otherwise be dropped without a word and its default
 * used. `known` is written `{ key: true, … } satisfies Record<keyof Options, true>` by each face,
 * so the compiler keeps it in step with the options type.
 *
 * @throws {@link RtcError} `code` (default `INVALID_CONFIG`) naming the unknown key and the
 * known ones.
 * @example
 * ```ts
 * import { refuseUnknownKeys } from '@rxdc/native';
 * refuseUnknownKeys('WebSocket config', { maxMessageSize: 1024 }, { maxMessageSize: true });
 * ```
 */
export function refuseUnknownKeys(
  what: string,
  object: object,
  known: Readonly<Record<string, true>>,
  code: RtcErrorCode = 'INVALID_CONFIG',
): void {
  const unknown = unknownKey(object, known);
  if (unknown === undefined) return;
  throw new RtcError(
    code,
    `${what} has no option "${unknown}" (a misspelling?); its options are ${Object.keys(known).join(', ')}`,
  );
}

/**
 * The first own key of `object` not in `known`, or undefined: the same rule as
 * {@link refuseUnknownKeys}, for faces that answer with a code (capi-compat).
 *
 * @example
 * ```ts
 * import { unknownKey } from '@rxdc/native';
 * unknownKey({ iceServer: [] }, { iceServers: true }); // 'iceServer'
 * ```
 */
export function unknownKey(
  object: object,
  known: Readonly<Record<string, true>>,
): string | undefined {
  for (const key of Object.keys(object)) if (!Object.hasOwn(known, key)) return key;
  return undefined;
}
