// A call with real media and no media server: the fake camera sent from one peer connection of this page to a
// second one, which sends it back (as KMS's loopback does), over host ICE candidates only. The first
// connection's quality is read and shown as the pages show it; window.callStats holds the latest reading.
import { CallStats, CallStatsPanel } from './call-stats.js';

// Host candidates only. The test runs the browser in a network namespace of its own (browser-testkit's
// NetworkNamespace), so they are 127.0.0.1 (Chromium's) and the namespace's 198.18.0.x addresses (Firefox gathers
// none on loopback), never the machine's own interfaces'; window.loopbackCandidates lists them for it to check.
window.loopbackCandidates = [];
const hostOnly = (to) => ({ candidate }) => {
  if (!candidate?.candidate) return;
  window.loopbackCandidates.push(candidate.candidate);
  if (/ typ host( |$)/.test(candidate.candidate)) to.addIceCandidate(candidate);
};

async function call() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  const caller = new RTCPeerConnection();
  const echo = new RTCPeerConnection();
  caller.onicecandidate = hostOnly(echo);
  echo.onicecandidate = hostOnly(caller);
  echo.ontrack = ({ transceiver, track }) => {
    transceiver.direction = 'sendrecv';
    transceiver.sender.replaceTrack(track);
  };
  caller.ontrack = ({ streams: [remote], track }) => {
    document.querySelector('#echo').srcObject = remote ?? new MediaStream([track]);
  };
  caller.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendrecv', streams: [stream] });
  await caller.setLocalDescription(await caller.createOffer());
  await echo.setRemoteDescription(caller.localDescription);
  await echo.setLocalDescription(await echo.createAnswer());
  await caller.setRemoteDescription(echo.localDescription);

  const stats = new CallStats();
  const panel = new CallStatsPanel(document.querySelector('#call-stats'));
  window.callStatsReadings = 0;
  setInterval(async () => {
    window.callStats = stats.read(await caller.getStats());
    window.callStatsReadings++;
    panel.show(window.callStats);
  }, 1000);
  window.loopback = { caller, echo };
}

call().catch((e) => console.error('loopback call:', e));
