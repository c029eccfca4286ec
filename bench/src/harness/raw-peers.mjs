// Raw node-datachannel peers on loopback, wired by hand: the baseline of every core figure.
import nodeDataChannel from 'node-datachannel';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

/**
 * Resolves { a, b, local, remote, close } once a raw channel pair is open. `config` adds to the
 * loopback config of both peers (an `mtu`, for figures measured at another MTU).
 */
export function rawChannelPair(label = 'bench', config = {}) {
  return new Promise((resolve) => {
    const a = new nodeDataChannel.PeerConnection('a', { ...loopback, ...config });
    const b = new nodeDataChannel.PeerConnection('b', { ...loopback, ...config });
    a.onLocalDescription((sdp, type) => b.setRemoteDescription(sdp, type));
    // A candidate for a connection that failed meanwhile throws, and a throw inside a native
    // callback aborts the process: the baseline's signaling ignores it.
    const add = (peer, c, mid) => {
      try {
        peer.addRemoteCandidate(c, mid);
      } catch {}
    };
    a.onLocalCandidate((c, mid) => add(b, c, mid));
    b.onLocalDescription((sdp, type) => a.setRemoteDescription(sdp, type));
    b.onLocalCandidate((c, mid) => add(a, c, mid));
    let remote;
    let localOpen = false;
    const close = () =>
      new Promise((done) => {
        a.onStateChange((s) => s === 'closed' && done());
        a.close();
        b.close();
      });
    const maybeResolve = () => remote && localOpen && resolve({ a, b, local, remote, close });
    b.onDataChannel((dc) => {
      remote = dc;
      maybeResolve();
    });
    const local = a.createDataChannel(label);
    local.onOpen(() => {
      localOpen = true;
      maybeResolve();
    });
  });
}
