// Runs test/children/flow-peer.mjs twice (a sender and a receiver process), relays their
// signaling, starts the transfer once both are ready, and resolves with both reports.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./flow-peer.mjs', import.meta.url));

/**
 * Runs the pair, with no retry: a connection that fails while connecting fails the test (the
 * failed-open cause is removed in @rxdc/native: 0 failed opens in 3,500 under load).
 *
 * @returns {Promise<{ send: object, receive: object }>}
 */
export function runFlowPair(options) {
  return runFlowPairOnce(options);
}

function runFlowPairOnce({ mode, totalMiB, readerMs, window, timeoutMs = 120_000 }) {
  const args = [mode, String(totalMiB), String(readerMs), ...(window ? [String(window)] : [])];
  const children = {
    send: fork(script, ['send', ...args], { execArgv: ['--expose-gc'], stdio: 'pipe' }),
    receive: fork(script, ['receive', ...args], { execArgv: ['--expose-gc'], stdio: 'pipe' }),
  };
  const reports = {};
  const stderr = { send: '', receive: '' };
  let ready = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      for (const child of Object.values(children)) child.kill('SIGKILL');
      reject(new Error(`flow pair timed out; stderr: ${JSON.stringify(stderr)}`));
    }, timeoutMs);
    for (const [role, child] of Object.entries(children)) {
      const other = role === 'send' ? children.receive : children.send;
      child.stderr.on('data', (data) => (stderr[role] += data));
      child.stdout.on('data', () => {});
      child.on('message', (message) => {
        if (message.description || message.candidate) other.send(message);
        else if (message.ready && ++ready === 2) {
          for (const c of Object.values(children)) c.send({ go: true });
        } else if (message.done) reports[role] = message.done;
      });
      child.on('exit', (code, signal) => {
        if (code !== 0) {
          clearTimeout(timer);
          for (const c of Object.values(children)) c.kill('SIGKILL');
          reject(new Error(`${role} exited with ${code ?? signal}: ${stderr[role]}`));
          return;
        }
        if (
          reports.send &&
          reports.receive &&
          children.send.exitCode !== null &&
          children.receive.exitCode !== null
        ) {
          clearTimeout(timer);
          resolve(reports);
        }
      });
    }
  });
}
