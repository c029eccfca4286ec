// WsServerError is an rxdc error: it extends @rxdc/native's RxdcError, and instanceof holds
// across the package's ESM and CommonJS builds (a CommonJS dependency of an ESM app).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RxdcError } from '@rxdc/native';
import { describe, expect, test } from 'vitest';
import { WsServerError } from '../src/index.js';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

describe('WsServerError', () => {
  test('extends RxdcError, keeps its name, code and cause', () => {
    const cause = new Error('underneath');
    const error = new WsServerError('TIMEOUT', 'too slow', { cause });
    expect(error).toBeInstanceOf(RxdcError);
    expect(error).toBeInstanceOf(WsServerError);
    expect(error.name).toBe('WsServerError');
    expect(error.code).toBe('TIMEOUT');
    expect(error.cause).toBe(cause);
    expect(new RxdcError('TIMEOUT', 'not ours')).not.toBeInstanceOf(WsServerError);
  });

  test.skipIf(!existsSync(dist))(
    'instanceof holds between the ESM and CommonJS builds',
    async () => {
      const esm = (await import(join(dist, 'index.js'))) as { WsServerError: typeof WsServerError };
      const cjs = createRequire(import.meta.url)(join(dist, 'index.cjs')) as {
        WsServerError: typeof WsServerError;
      };
      expect(esm.WsServerError).not.toBe(cjs.WsServerError);
      expect(new cjs.WsServerError('CLOSED', 'x')).toBeInstanceOf(esm.WsServerError);
      expect(new esm.WsServerError('CLOSED', 'x')).toBeInstanceOf(cjs.WsServerError);
      expect(new cjs.WsServerError('CLOSED', 'x')).toBeInstanceOf(RxdcError);
    },
  );
});
