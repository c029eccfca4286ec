// How often a fresh loopback connection fails to open with the CPU busy, raw node-datachannel
// against @rxdc/core, each mode measured in the same run. Standalone (not a `pnpm bench` figure
// yet: it takes minutes); `measureOpenFailures()` is what a `core.open.failures` figure calls.
//
//   node bench/src/open-failures.mjs [--count 300] [--busy 2] [--modes raw,raw-deferred,core]
//
// Modes:
//   raw           node-datachannel, default roles, candidates sent as gathered
//   raw-deferred  the same, but the offerer sends its local candidates only after it has applied
//                 the answer (the remote cannot finish ICE before we hold its fingerprint)
//   core          @rxdc/core peers, README signaling
//   core-deferred @rxdc/core peers, offerer's candidates sent after it applied the answer
//
// Opens run sequentially in child processes (batches), so an abort is counted, not fatal.
// `--busy N` starts N busy-loop processes beside them and kills them at the end.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const OPEN_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------- child: one batch of opens
async function runBatch(mode, count) {
  const results = [];
  const logs = [];
  let setup;
  if (mode.startsWith('raw')) {
    const { default: ndc } = await import('node-datachannel');
    ndc.initLogger('Warning', (level, message) => logs.push(`${level} ${message}`));
    setup = (deferred) => rawOpen(ndc, deferred);
  } else {
    const core = await import('@rxdc/core');
    core.logLines('Warning').subscribe((line) => logs.push(`${line.level} ${line.message}`));
    setup = (deferred) => coreOpen(core, deferred);
  }
  const deferred = mode.endsWith('-deferred');
  for (let i = 0; i < count; i++) {
    logs.length = 0;
    const start = performance.now();
    const outcome = await setup(deferred);
    const ms = performance.now() - start;
    const cause = logs.find((l) => /DTLS|verify|fingerprint|handshake/i.test(l));
    const result = {
      ok: outcome.ok,
      ms: Math.round(ms),
      ...(outcome.ok ? {} : { why: outcome.why, cause }),
    };
    results.push(result);
    // One line per open, so a batch that aborts or hangs keeps what it measured.
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
  return results;
}

function rawOpen(ndc, deferred) {
  return new Promise((resolve) => {
    const base = { iceServers: [], bindAddress: '127.0.0.1' };
    const a = new ndc.PeerConnection('a', base);
    const b = new ndc.PeerConnection('b', base);
    // A throw inside a native callback aborts the process: addRemoteCandidate after a failure throws.
    const add = (peer, c, mid) => {
      try {
        peer.addRemoteCandidate(c, mid);
      } catch {}
    };
    let answered = false;
    const early = [];
    let done = false;
    let localOpen = false;
    let remote;
    let closedCount = 0;
    let closeWaiter = null;
    const onState = (s) => {
      if (s === 'closed' && ++closedCount === 2) closeWaiter?.();
      if (s === 'failed' || s === 'closed') finish({ ok: false, why: `state ${s}` });
    };
    a.onStateChange(onState);
    b.onStateChange(onState);
    const finish = (outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // Resolve once both peers report closed (bounded: a peer already closed reports nothing more).
      const fallback = setTimeout(() => resolve(outcome), 3000);
      closeWaiter = () => {
        clearTimeout(fallback);
        resolve(outcome);
      };
      if (closedCount >= 2) closeWaiter();
      try {
        dc.close();
        remote?.close();
      } catch {}
      a.close();
      b.close();
    };
    const timer = setTimeout(() => finish({ ok: false, why: 'timeout' }), OPEN_TIMEOUT_MS);
    a.onLocalDescription((sdp, type) => {
      try {
        b.setRemoteDescription(sdp, type);
      } catch {}
    });
    b.onLocalDescription((sdp, type) => {
      try {
        a.setRemoteDescription(sdp, type);
      } catch {}
      answered = true;
      for (const [c, m] of early.splice(0)) add(b, c, m);
    });
    a.onLocalCandidate((c, m) => (deferred && !answered ? early.push([c, m]) : add(b, c, m)));
    b.onLocalCandidate((c, m) => add(a, c, m));
    const check = () => localOpen && remote && finish({ ok: true });
    b.onDataChannel((d) => {
      remote = d;
      d.onClosed(() => {});
      check();
    });
    const dc = a.createDataChannel('x');
    dc.onClosed(() => {});
    dc.onOpen(() => {
      localOpen = true;
      check();
    });
    dc.onError((e) => finish({ ok: false, why: `channel error ${e}` }));
  });
}

function coreOpen(core, deferred) {
  return new Promise((resolve) => {
    const a = new core.PeerConnection({ bindAddress: '127.0.0.1' });
    const b = new core.PeerConnection({ bindAddress: '127.0.0.1' });
    const guard = (f) => {
      try {
        f();
      } catch {}
    };
    let answered = false;
    const early = [];
    a.localDescription$.subscribe((d) => guard(() => b.setRemoteDescription(d)));
    b.localDescription$.subscribe((d) => {
      guard(() => a.setRemoteDescription(d));
      answered = true;
      for (const c of early.splice(0)) guard(() => b.addRemoteCandidate(c));
    });
    a.localCandidate$.subscribe((c) =>
      deferred && !answered ? early.push(c) : guard(() => b.addRemoteCandidate(c)),
    );
    b.localCandidate$.subscribe((c) => guard(() => a.addRemoteCandidate(c)));
    let done = false;
    let localOpen = false;
    let remote;
    const finish = (outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      a.close();
      b.close();
      setTimeout(() => resolve(outcome), 20);
    };
    const timer = setTimeout(() => finish({ ok: false, why: 'timeout' }), OPEN_TIMEOUT_MS);
    const onState = (s) => s === 'failed' && finish({ ok: false, why: `state ${s}` });
    a.state$.subscribe(onState);
    b.state$.subscribe(onState);
    const check = () => localOpen && remote && finish({ ok: true });
    b.dataChannel$.subscribe((d) => {
      remote = d;
      check();
    });
    const dc = a.createDataChannel('x');
    dc.open$.subscribe({
      next: () => {
        localOpen = true;
        check();
      },
      error: (e) => finish({ ok: false, why: `channel error ${e.message}` }),
    });
  });
}

// ---------------------------------------------------------------- parent
function runChildBatch(mode, count) {
  const r = spawnSync(process.execPath, [self, '--child', mode, String(count)], {
    encoding: 'utf8',
    timeout: count * (OPEN_TIMEOUT_MS + 5000),
    killSignal: 'SIGKILL',
    maxBuffer: 64 << 20,
  });
  const results = [];
  for (const line of (r.stdout ?? '').split('\n')) {
    try {
      const o = JSON.parse(line);
      if (o && typeof o.ok === 'boolean') results.push(o);
    } catch {}
  }
  const aborted = r.signal !== null || r.status !== 0;
  const abortLine = aborted
    ? ((r.stderr ?? '').split('\n').find((l) => /terminate|what\(\)|Error/.test(l)) ?? '')
    : '';
  return { results, aborted, signal: r.signal, status: r.status, abortLine };
}

/**
 * Opens `count` fresh loopback connections per mode with `busy` busy-loop processes running,
 * and returns per-mode failure counts (an aborted batch counts one failure for the open it was in).
 */
export async function measureOpenFailures({
  count = 300,
  busy = 2,
  batch = 50,
  modes = ['raw', 'raw-deferred', 'core', 'core-deferred'],
  log = (s) => process.stderr.write(`${s}\n`),
} = {}) {
  const loops = Array.from({ length: busy }, () =>
    spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }),
  );
  const kill = () => {
    for (const p of loops) if (p.exitCode === null) p.kill('SIGKILL');
  };
  process.once('exit', kill);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      kill();
      process.exit(130);
    });
  }
  const summary = {};
  try {
    for (const mode of modes)
      summary[mode] = { opens: 0, failures: 0, aborts: 0, causes: {}, ms: [] };
    // Interleave the modes batch by batch, so that they share the same machine load.
    for (let done = 0; done < count; done += batch) {
      for (const mode of modes) {
        let left = Math.min(batch, count - done);
        while (left > 0) {
          const r = runChildBatch(mode, left);
          const s = summary[mode];
          for (const o of r.results) {
            s.opens++;
            s.ms.push(o.ms);
            if (!o.ok) {
              s.failures++;
              const key = `${o.why}${o.cause ? ` | ${o.cause.replace(/^\S+ /, '').slice(0, 120)}` : ''}`;
              s.causes[key] = (s.causes[key] ?? 0) + 1;
            }
          }
          left -= r.results.length;
          if (r.aborted && r.results.length < Math.min(batch, count - done)) {
            s.opens++;
            s.failures++;
            s.aborts++;
            left--;
            const key = `abort ${r.signal ?? r.status} | ${r.abortLine.slice(0, 120)}`;
            s.causes[key] = (s.causes[key] ?? 0) + 1;
          }
        }
        log(`${mode}: ${summary[mode].failures}/${summary[mode].opens} failed so far`);
      }
    }
  } finally {
    kill();
  }
  for (const s of Object.values(summary)) {
    const sorted = s.ms.sort((x, y) => x - y);
    s.medianMs = sorted[Math.floor(sorted.length / 2)] ?? null;
    s.p90Ms = sorted[Math.floor(sorted.length * 0.9)] ?? null;
    delete s.ms;
  }
  return summary;
}

if (process.argv[2] === '--child') {
  const [, , , mode, count] = process.argv;
  await runBatch(mode, Number(count));
  process.exit(0);
} else if (process.argv[1] === self) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const summary = await measureOpenFailures({
    count: Number(arg('count', 300)),
    busy: Number(arg('busy', 2)),
    batch: Number(arg('batch', 50)),
    modes: arg('modes', 'raw,raw-deferred,core,core-deferred').split(','),
  });
  console.log(JSON.stringify(summary, null, 2));
}
