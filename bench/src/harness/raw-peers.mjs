// Raw node-datachannel peers on loopback, wired by hand: the baseline of every core figure.
import nodeDataChannel from 'node-datachannel';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

/**
 * Resolves { a, b, local, remote, close } once a raw channel pair is open. `config` adds to the
 * loopback config of both peers (an `mtu`, for figures measured at another MTU).
 *
 * With `rxdcOrder`, the signaling does on the wire what rxdc does: candidates go only after
 * their peer's description, the offerer's only once it has applied the answer (@rxdc/native's
 * LocalCandidateRelease), and the answerer takes the DTLS server role (@rxdc/core's
 * `answerDtlsRole: 'server'`, by reading the offer's `actpass` as `active`). Without it,
 * candidates go as gathered and libdatachannel picks the roles.
 */
export function rawChannelPair(label = 'bench', config = {}, { rxdcOrder = false } = {}) {
  const deferCandidates = rxdcOrder;
  return new Promise((resolve) => {
    const a = new nodeDataChannel.PeerConnection('a', { ...loopback, ...config });
    const b = new nodeDataChannel.PeerConnection('b', { ...loopback, ...config });
    // A candidate for a connection that failed meanwhile throws, and a throw inside a native
    // callback aborts the process: the baseline's signaling ignores it.
    const add = (peer, c, mid) => {
      try {
        peer.addRemoteCandidate(c, mid);
      } catch {}
    };
    const held = { a: [], b: [] };
    const releasedFrom = { a: !deferCandidates, b: !deferCandidates };
    const candidate = (from, to) => (c, mid) => {
      if (releasedFrom[from]) add(to, c, mid);
      else held[from].push([c, mid]);
    };
    const release = (from, to) => {
      releasedFrom[from] = true;
      for (const [c, mid] of held[from].splice(0)) add(to, c, mid);
    };
    a.onLocalDescription((sdp, type) => {
      const offer = rxdcOrder ? sdp.replace(/^a=setup:actpass(?=\r?$)/gm, 'a=setup:active') : sdp;
      b.setRemoteDescription(offer, type);
    });
    b.onLocalDescription((sdp, type) => {
      a.setRemoteDescription(sdp, type);
      // a has applied b's answer: a's held candidates go now, from inside that call as in
      // @rxdc/native (PeerLifetime.setRemoteDescription releases them); then b's answer is
      // out and its held candidates follow it. The same order as rxdc: b learns a's candidates
      // first. The order decides which agent may get a check from a sender it does not know
      // yet (libjuice then delays its own check by 50 ms, a triggered check). Without
      // rxdcOrder nothing is held.
      release('a', b);
      release('b', a);
    });
    a.onLocalCandidate(candidate('a', b));
    b.onLocalCandidate(candidate('b', a));
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
