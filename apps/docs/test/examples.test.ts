// Every headless example runs as its own process, the way a reader runs it: it must print what
// the guide says and exit by itself with code 0, within a bound.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(docs, '.examples-out');

/** What each example must print (in this order), and how long it may take. */
const expectations: Record<string, { lines: RegExp[]; timeoutMs?: number }> = {
  'two-peers': {
    lines: [
      /alice is connected/,
      /bob got channel "chat"/,
      /echo: hello bob/,
      /<Buffer 01 02 03>/,
      /^done$/m,
    ],
  },
  'typed-events': { lines: [/right received hello through events/, /^done$/m] },
  errors: {
    lines: [
      /^NOTHING_TO_NEGOTIATE/m,
      /^INVALID_SDP/m,
      /^INVALID_CONFIG/m,
      /^NOT_OPEN/m,
      /^MESSAGE_TOO_LARGE: .*262144/m,
      /^CLOSED/m,
      /^done$/m,
    ],
  },
  'websocket-echo': {
    lines: [
      /server accepted \/chat\?room=1/,
      /client received \[ 'ping', <Buffer de ad> \]/,
      /^done$/m,
    ],
  },
  'using-and-shutdown': {
    lines: [/inside the block: PeerConnection, DataChannel/, /after shutdown: 0/],
  },
};

function run(
  file: string,
  timeoutMs: number,
): Promise<{
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file], { cwd: docs, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

beforeAll(() => {
  // Emit only (type errors are the `typecheck` script's job), into a git-ignored folder.
  execFileSync(
    process.execPath,
    [join(docs, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.examples.json'],
    {
      cwd: docs,
      stdio: 'inherit',
    },
  );
});

describe('examples', () => {
  it('every example file has expectations here (a new example must be run too)', () => {
    const files = readdirSync(join(docs, 'examples'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(Object.keys(expectations).sort());
  });

  for (const [name, { lines, timeoutMs = 20_000 }] of Object.entries(expectations)) {
    it(`${name} runs, prints what the guide shows, and exits by itself`, async () => {
      const result = await run(join(out, `${name}.js`), timeoutMs);
      expect(
        result.signal,
        `killed after ${timeoutMs} ms:\n${result.stdout}\n${result.stderr}`,
      ).toBeNull();
      expect(result.code, result.stderr).toBe(0);
      let from = 0;
      for (const line of lines) {
        const rest = result.stdout.slice(from);
        const match = line.exec(rest);
        expect(match, `expected ${line} in order, in:\n${result.stdout}`).not.toBeNull();
        from += (match?.index ?? 0) + (match?.[0].length ?? 0);
      }
    });
  }
});
