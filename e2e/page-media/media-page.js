// The browser side of the media tests, signaled through page.evaluate: it answers node's offer
// (with its fake camera on the video m-line node offered to receive, when asked), and reads
// its RTCPeerConnection's getStats() for the test.
let pc;

window.mediaPage = {
  /** Answers node's offer; resolves with the answer once gathering is complete. */
  async answer(offer, candidates, { camera = false } = {}) {
    pc = new RTCPeerConnection({ iceServers: [] });
    pc.ontrack = (event) => {
      // Not muted: Chromium decodes remote audio (and measures its level) only while it plays
      // out (autoplay allowed by --autoplay-policy=no-user-gesture-required).
      const element = document.getElementById('remote');
      element.srcObject = event.streams[0] ?? null;
      element.play().catch(() => {});
    };
    await pc.setRemoteDescription(offer);
    if (camera) {
      // Chromium's fake device (--use-fake-device-for-media-stream): a moving test pattern.
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: 640, height: 480, frameRate: 30 },
      });
      const [track] = stream.getVideoTracks();
      const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === 'video');
      transceiver.direction = 'sendonly';
      await transceiver.sender.replaceTrack(track);
      transceiver.sender.setStreams(stream);
    }
    for (const { candidate, mid } of candidates) {
      // node-datachannel's candidates carry an "a=" prefix: browsers want it stripped.
      await pc.addIceCandidate({ candidate: candidate.replace(/^a=/, ''), sdpMid: mid });
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise((resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.addEventListener('icegatheringstatechange', () => {
        if (pc.iceGatheringState === 'complete') resolve();
      });
    });
    return { type: 'answer', sdp: pc.localDescription.sdp };
  },

  /** The inbound-rtp and outbound-rtp statistics (with the audio level of inbound audio). */
  async stats() {
    const out = { inbound: {}, outbound: {}, connection: pc?.connectionState };
    if (!pc) return out;
    for (const report of (await pc.getStats()).values()) {
      if (report.type === 'inbound-rtp') {
        out.inbound[report.kind] = {
          ssrc: report.ssrc,
          packetsReceived: report.packetsReceived,
          framesDecoded: report.framesDecoded,
          frameWidth: report.frameWidth,
          frameHeight: report.frameHeight,
          audioLevel: report.audioLevel,
          totalAudioEnergy: report.totalAudioEnergy,
          pliCount: report.pliCount,
        };
      } else if (report.type === 'outbound-rtp') {
        out.outbound[report.kind] = {
          ssrc: report.ssrc,
          packetsSent: report.packetsSent,
          framesEncoded: report.framesEncoded,
          keyFramesEncoded: report.keyFramesEncoded,
          pliCount: report.pliCount,
          firCount: report.firCount,
          encoderImplementation: report.encoderImplementation,
        };
      }
    }
    return out;
  },

  close() {
    pc?.close();
  },
};
