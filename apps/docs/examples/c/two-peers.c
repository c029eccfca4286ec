// The C program that examples/capi-two-peers.ts ports (libdatachannel 0.24, rtc/rtc.h).
// Two peers in one process, signaling through callbacks and user pointers.
// #region example
#include <rtc/rtc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct Peer {
  const char *name;
  int pc;
  struct Peer *other;
  int dc;
  int done;
} Peer;

static void on_description(int pc, const char *sdp, const char *type, void *ptr) {
  Peer *peer = ptr;
  rtcSetRemoteDescription(peer->other->pc, sdp, type);
}

static void on_candidate(int pc, const char *cand, const char *mid, void *ptr) {
  Peer *peer = ptr;
  rtcAddRemoteCandidate(peer->other->pc, cand, mid);
}

static void on_message(int id, const char *message, int size, void *ptr) {
  Peer *peer = ptr;
  if (size < 0) printf("%s received text: %s\n", peer->name, message);
  else printf("%s received %d bytes\n", peer->name, size);
  peer->done = 1;
}

static void on_data_channel(int pc, int dc, void *ptr) {
  Peer *peer = ptr;
  char label[64], protocol[64];
  rtcGetDataChannelLabel(dc, label, sizeof(label));
  rtcGetDataChannelProtocol(dc, protocol, sizeof(protocol));
  printf("%s got channel \"%s\" (protocol \"%s\")\n", peer->name, label, protocol);
  peer->dc = dc;
  rtcSetMessageCallback(dc, on_message);
}

static void on_open(int id, void *ptr) {
  Peer *peer = ptr;
  printf("%s: channel open\n", peer->name);
  rtcSendMessage(id, "hello from C", -1);
}

static Peer *create_peer(Peer *peer, const char *name) {
  rtcConfiguration config;
  memset(&config, 0, sizeof(config));
  config.bindAddress = "127.0.0.1";
  peer->name = name;
  peer->pc = rtcCreatePeerConnection(&config);
  rtcSetUserPointer(peer->pc, peer);
  rtcSetLocalDescriptionCallback(peer->pc, on_description);
  rtcSetLocalCandidateCallback(peer->pc, on_candidate);
  rtcSetDataChannelCallback(peer->pc, on_data_channel);
  return peer;
}

int main(void) {
  Peer alice = {0}, bob = {0};
  create_peer(&alice, "alice");
  create_peer(&bob, "bob");
  alice.other = &bob;
  bob.other = &alice;

  rtcDataChannelInit init;
  memset(&init, 0, sizeof(init));
  init.reliability.unordered = true;
  init.protocol = "chat/1";
  alice.dc = rtcCreateDataChannelEx(alice.pc, "chat", &init);
  rtcSetOpenCallback(alice.dc, on_open);

  while (!bob.done) usleep(10000);

  char address[64];
  if (rtcGetRemoteAddress(alice.pc, address, sizeof(address)) > 0) printf("alice talks to %s\n", address);

  rtcDeletePeerConnection(alice.pc);
  rtcDeletePeerConnection(bob.pc);
  rtcCleanup();
  return 0;
}
// #endregion example
