/**
 * Media Streams browser module: one WebRTC session between this page and a Media Streams
 * application (which relays it to Kurento Media Server), over the application's WebSocket.
 *
 * Plain ES module on the native WebRTC API: no kurento-utils, no jQuery, no build step.
 * Served by every application from the common-signalling jar at `/js/media-streams.js`.
 *
 * Protocol (JSON text frames):
 *
 *   browser → app  {"id":"start","sdpOffer":"<sdp>"}
 *                  {"id":"onIceCandidate","candidate":{"candidate":"…","sdpMid":"0","sdpMLineIndex":0}}
 *                  {"id":"stop"}
 *   app → browser  {"id":"startResponse","sdpAnswer":"<sdp>"}
 *                  {"id":"iceCandidate","candidate":{…}}
 *                  {"id":"mediaState","state":"connecting"|"connected"|"failed"}  (as the media server sees it)
 *                  {"id":"mediaServerLost","message":"…"}  (the page starts again by itself, see below)
 *                  {"id":"error","message":"…"}   (the server has released the session)
 *                  {"id":"error","message":"…","retry":true}  (the same, for a passing cause: starts again by itself)
 *
 * Any interruption that ends without the user (the WebSocket closed unexpectedly, the app shutting down, the
 * media server lost or not reachable for a while, a start in flight when it is lost) makes the session
 * `reconnecting`: it connects and starts again by itself after a delay that grows exponentially with jitter
 * ({@link reconnectDelay}), until it is started again or, after `reconnect.giveUpAfter` (2 minutes by default),
 * it gives up with an error. The user's Stop (or leaving the page) ends it at once.
 *                  any other id: an application event, handed to `onEvent`
 *
 * A page is its title, its text, a `<div id="media-session">` where {@link bindPage} renders the
 * layout every page shares (controls, status, error, the two videos: {@link renderLayout}), and a
 * script file of a few lines (a file, not an inline script, so that a strict Content-Security-Policy
 * allows it):
 *
 *     <script type="module" src="js/hello-world.js"></script>
 *     …
 *     <div id="media-session" data-remote-caption="Remote stream (from the media server)"></div>
 *
 *     // js/hello-world.js
 *     import { bindPage } from './media-streams.js';
 *     bindPage({ path: '/helloworld' });
 *
 * Every page also shows the call's quality while a session runs (`call-stats.js`: bitrate, frames,
 * losses, round-trip time, codecs, the candidate pair, a chart of the received bitrate), unless
 * `bindPage({ callStats: false })`; and a page may send a stream of its own instead of the camera
 * (`localMedia`, e.g. a drawn canvas's `captureStream()`).
 *
 * @module media-streams
 */

import { CallStats, CallStatsPanel } from './call-stats.js';

/**
 * The states of a {@link MediaSession}. An error always ends in `stopped`.
 * @readonly
 * @enum {string}
 */
export const State = Object.freeze({
  /** Nothing started yet. */
  IDLE: 'idle',
  /** Camera, WebSocket and offer/answer under way. */
  STARTING: 'starting',
  /** The server's answer is applied; media can flow. */
  STARTED: 'started',
  /** Stopped by the user, or ended by an error. */
  STOPPED: 'stopped',
  /** The media server was lost: starting again by itself, on a fresh offer (on another media server). */
  RECONNECTING: 'reconnecting',
});

/**
 * Formerly the bound of automatic restarts; kept for pages that read it. Restarts are now bounded by
 * {@link DEFAULT_RECONNECT}'s delays and `giveUpAfter`.
 * @deprecated
 */
export const MAX_RESTARTS = 3;

/** @deprecated see {@link MAX_RESTARTS} */
export const RESTART_WINDOW_MS = 60_000;

/**
 * How a session reconnects after an interruption (the `reconnect` option of {@link MediaSession} and
 * {@link bindPage}; each field may be given alone).
 * @typedef {Object} ReconnectOptions
 * @property {number} initialDelay ms before the first attempt (before jitter)
 * @property {number} maxDelay the bound of the growing delay, in ms
 * @property {number} giveUpAfter ms after the interruption began when the session gives up with an error
 */
/** @type {Readonly<ReconnectOptions>} */
export const DEFAULT_RECONNECT = Object.freeze({ initialDelay: 500, maxDelay: 10_000, giveUpAfter: 120_000 });

/**
 * The delay before reconnection attempt `attempt` (0 for the first): exponential, `initialDelay · 2^attempt`
 * bounded by `maxDelay`, of which a random half is taken away ("equal jitter"), so that the pages of an app that
 * restarts come back spread over time, not all at once.
 * @param {number} attempt 0, 1, 2…
 * @param {Partial<ReconnectOptions>} [options]
 * @param {() => number} [random] in [0, 1)
 * @returns {number} milliseconds
 */
export function reconnectDelay(attempt, options = {}, random = Math.random) {
  const { initialDelay, maxDelay } = { ...DEFAULT_RECONNECT, ...options };
  const ceiling = Math.min(maxDelay, initialDelay * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * How the media of a started session stands, as this page's RTCPeerConnection sees it.
 * @readonly
 * @enum {string}
 */
export const MediaState = Object.freeze({
  /** No session, or not started yet. */
  NONE: 'none',
  /** The answer is applied; ICE and DTLS are under way. */
  CONNECTING: 'connecting',
  /** Media flows between this browser and the media server. */
  CONNECTED: 'connected',
  /** ICE found no path to the media server: the session is stopped with a hint of what to check. */
  FAILED: 'failed',
});

/** What to check when media never connects: the usual causes in a container set-up, in its settings' words. */
export const MEDIA_FAILED_HINT = 'The media connection failed: the browser and the media server found no network'
  + ' path to each other; check that the media server\'s UDP ports (KMS_MIN_PORT to KMS_MAX_PORT) are open and'
  + ' reachable from your browser, that KMS_EXTERNAL_IPV4 is an address your browser can reach, or use a TURN'
  + ' server (KMS_TURN_URL)';

/**
 * The WebSocket URL of an application path on the page's own host:
 * `wss:` when the page is served over https, `ws:` otherwise.
 * @param {string} path e.g. `/helloworld`
 * @param {Location} [loc] defaults to `window.location`
 * @returns {string}
 */
export function signallingUrl(path, loc = window.location) {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${path.startsWith('/') ? path : `/${path}`}`;
}

/**
 * @typedef {Object} Diagnostics A debugging aid, also read by the browser tests.
 * @property {boolean} offerSent the `start` message with the SDP offer was sent
 * @property {boolean} answerApplied setRemoteDescription(answer) succeeded
 * @property {number} localCandidatesSent browser ICE candidates sent as `onIceCandidate`
 * @property {number} remoteCandidatesAdded server ICE candidates accepted by addIceCandidate
 * @property {number} remoteCandidatesFailed server ICE candidates addIceCandidate rejected
 * @property {string[]} stateHistory every state this session has been in, in order
 * @property {string[]} mediaStateHistory every {@link MediaState} of the current run, in order
 * @property {string[]} serverMediaStates the `mediaState` messages of the current run, in order
 * @property {number} restarts automatic restarts (reconnection attempts) after an interruption, in this session
 * @property {?string} reconnectReason why the session is reconnecting, or null
 * @property {number[]} reconnectDelays the delays (ms) the session waited before each attempt
 * @property {?string} lastError the message of the last error shown, or null
 * @property {boolean} audio whether an audio track is sent (false: video-only fallback)
 * @property {?import('./call-stats.js').CallSnapshot} callStats the latest call-quality reading of
 *     the current run (with `statsInterval`), or null before the first
 * @property {number} callStatsReadings how many readings the current run has taken
 */

/**
 * One WebRTC session with a Media Streams application.
 *
 * `start()` opens the WebSocket, asks for the camera (and microphone, falling back to video
 * only), sends the offer, applies the answer and trickles ICE candidates both ways.
 * `stop()` sends `stop` and releases everything. Errors never throw out of `start()`:
 * they are reported through `onError` and the state goes to `stopped`.
 */
export class MediaSession {
  #url;
  #localVideo;
  #remoteVideo;
  #iceServers;
  #onStateChange;
  #onMediaStateChange;
  #onEvent;
  #onError;
  #localMedia;
  #statsInterval;
  #onStats;
  #statsTimer = null;
  #state = State.IDLE;
  #mediaState = MediaState.NONE;
  #ws = null;
  #pc = null;
  #stream = null;
  #remoteStream = null;
  #run = 0;
  #pendingLocal = [];
  #pendingRemote = [];
  #reconnect;
  #lostSince = null;
  #attempts = 0;
  #retryTimer = null;
  #abortConnect = null;
  #reconnectReason = null;
  #diagnostics;

  /**
   * @param {Object} options
   * @param {string} [options.path] the application's WebSocket path, e.g. `/helloworld`
   * @param {string} [options.url] a full WebSocket URL instead of `path`
   * @param {?HTMLVideoElement} [options.localVideo] shows the camera
   * @param {?HTMLVideoElement} [options.remoteVideo] shows what the media server sends back
   * @param {RTCIceServer[]} [options.iceServers] STUN/TURN servers; none by default
   * @param {(state: string, previous: string) => void} [options.onStateChange]
   * @param {(mediaState: string) => void} [options.onMediaStateChange] each {@link MediaState} change
   * @param {(message: Object) => void} [options.onEvent] messages whose id is not part of the
   *     signalling protocol, e.g. `{"id":"plateDetected","plate":"--2748DKR"}`
   * @param {(error: Error) => void} [options.onError] any failure; the state is then `stopped`
   * @param {() => (?MediaStream|Promise<?MediaStream>)} [options.localMedia] called at each start
   *     for the stream to send instead of the camera's (e.g. a canvas's `captureStream()`); when it
   *     returns null the camera is asked for as usual. The session stops the stream's tracks at stop.
   * @param {number} [options.statsInterval=0] milliseconds between two call-quality readings
   *     (`getStats()`) while started; 0 takes none
   * @param {(snapshot: import('./call-stats.js').CallSnapshot) => void} [options.onStats] each reading
   * @param {Partial<ReconnectOptions>} [options.reconnect] how to reconnect after an interruption
   *     ({@link DEFAULT_RECONNECT} for what is not given)
   */
  constructor({ path, url, localVideo = null, remoteVideo = null, iceServers = [],
    onStateChange, onMediaStateChange, onEvent, onError, localMedia = null, statsInterval = 0, onStats,
    reconnect = {} } = {}) {
    if (!url && !path) throw new TypeError('MediaSession needs a path or a url');
    this.#url = url ?? signallingUrl(path);
    this.#localVideo = localVideo;
    this.#remoteVideo = remoteVideo;
    this.#iceServers = iceServers;
    this.#onStateChange = onStateChange ?? (() => {});
    this.#onMediaStateChange = onMediaStateChange ?? (() => {});
    this.#onEvent = onEvent ?? (() => {});
    this.#onError = onError ?? ((e) => console.error('media session:', e));
    this.#localMedia = localMedia;
    this.#statsInterval = statsInterval;
    this.#onStats = onStats ?? (() => {});
    this.#reconnect = { ...DEFAULT_RECONNECT, ...reconnect };
    this.#diagnostics = MediaSession.#freshDiagnostics([State.IDLE]);
  }

  /** @returns {string} one of {@link State} */
  get state() { return this.#state; }

  /** @returns {string} one of {@link MediaState}: how the media of the current run stands */
  get mediaState() { return this.#mediaState; }

  /** @returns {?string} while `reconnecting`, why (the interruption, in words); otherwise null */
  get reconnectReason() { return this.#state === State.RECONNECTING ? this.#reconnectReason : null; }

  /** @returns {string} the WebSocket URL this session connects to */
  get url() { return this.#url; }

  /**
   * A snapshot of the diagnostic record of the current (or last) run. Debugging aid.
   * @returns {Diagnostics & {signalingState: ?string, iceConnectionState: ?string, webSocket: ?string}}
   */
  get diagnostics() {
    const ws = this.#ws;
    return {
      ...this.#diagnostics,
      stateHistory: [...this.#diagnostics.stateHistory],
      reconnectDelays: [...this.#diagnostics.reconnectDelays],
      mediaStateHistory: [...this.#diagnostics.mediaStateHistory],
      serverMediaStates: [...this.#diagnostics.serverMediaStates],
      connectionState: this.#pc?.connectionState ?? null,
      signalingState: this.#pc?.signalingState ?? null,
      iceConnectionState: this.#pc?.iceConnectionState ?? null,
      webSocket: ws ? ['connecting', 'open', 'closing', 'closed'][ws.readyState] : null,
    };
  }

  /** @returns {?RTCPeerConnection} the current peer connection (null when not running). Debugging aid. */
  get peerConnection() { return this.#pc; }

  /**
   * Starts a session. Does nothing if one is starting or started.
   * Resolves when the session is `started` or has ended in `stopped` (never rejects).
   * @returns {Promise<void>}
   */
  async start() {
    if (this.#busy()) return;
    const run = ++this.#run;
    this.#diagnostics = MediaSession.#freshDiagnostics(this.#diagnostics.stateHistory);
    this.#mediaState = MediaState.NONE;
    this.#lostSince = null;
    this.#attempts = 0;
    this.#pendingLocal = [];
    this.#pendingRemote = [];
    this.#setState(State.STARTING);
    try {
      await this.#connect(run);
      if (run !== this.#run) return;
      const stream = await this.#openMedia();
      if (run !== this.#run) { stopTracks(stream); return; }
      this.#stream = stream;
      this.#diagnostics.audio = stream.getAudioTracks().length > 0;
      attach(this.#localVideo, stream, true);
      await this.#negotiate(run);
    } catch (error) {
      if (run === this.#run) this.#fail(error);
    }
  }

  /** A new peer connection on the current stream, its offer sent in a `start`. */
  async #negotiate(run) {
    const stream = this.#stream;
    const pc = new RTCPeerConnection({ iceServers: this.#iceServers });
    this.#pc = pc;
    this.#remoteStream = new MediaStream();
    pc.onicecandidate = ({ candidate }) => {
      if (run === this.#run && pc === this.#pc && candidate && candidate.candidate) this.#sendLocalCandidate(candidate);
    };
    pc.ontrack = ({ track }) => {
      if (run !== this.#run || pc !== this.#pc) return;
      this.#remoteStream.addTrack(track);
      attach(this.#remoteVideo, this.#remoteStream, false);
    };
    // connectionState covers ICE and DTLS; browsers without it report ICE alone.
    pc.onconnectionstatechange = () => {
      if (run === this.#run && pc === this.#pc) this.#followMedia(pc.connectionState);
    };
    pc.oniceconnectionstatechange = () => {
      if (run === this.#run && pc === this.#pc && pc.connectionState === undefined) {
        this.#followMedia(pc.iceConnectionState);
      }
    };
    // One sendrecv transceiver per kind, audio first, as the tutorial's WebRtcPeerSendrecv did.
    for (const kind of ['audio', 'video']) {
      const track = stream.getTracks().find((t) => t.kind === kind);
      pc.addTransceiver(track ?? kind, { direction: 'sendrecv', streams: [stream] });
    }
    const offer = await pc.createOffer();
    if (run !== this.#run || pc !== this.#pc) return;
    await pc.setLocalDescription(offer);
    if (run !== this.#run || pc !== this.#pc) return;
    this.#send({ id: 'start', sdpOffer: pc.localDescription.sdp, restartOnMediaServerLoss: true });
    this.#diagnostics.offerSent = true;
    for (const c of this.#pendingLocal.splice(0)) this.#sendLocalCandidate(c);
  }

  /**
   * The session was interrupted without the user (the WebSocket closed, the media server lost or not reachable,
   * the app going away): close what is gone, keep the camera, and try again after a growing, jittered delay,
   * unless the interruption began more than `giveUpAfter` ago. The server has released its side already.
   */
  #lose(reason, run) {
    if (run !== this.#run || !this.#busy()) return;
    const now = Date.now();
    this.#lostSince ??= now;
    this.#reconnectReason = reason;
    this.#diagnostics.reconnectReason = reason;
    if (this.#retryTimer !== null) return; // an attempt is already scheduled
    if (now - this.#lostSince >= this.#reconnect.giveUpAfter) {
      const seconds = Math.round(this.#reconnect.giveUpAfter / 1000);
      this.#fail(new Error(`Could not connect again within ${seconds} s: ${reason}`), false);
      return;
    }
    this.#closePeer();
    this.#diagnostics.offerSent = false;
    this.#diagnostics.answerApplied = false;
    this.#pendingLocal = [];
    this.#pendingRemote = [];
    this.#mediaState = MediaState.NONE;
    const delay = Math.min(reconnectDelay(this.#attempts++, this.#reconnect),
      Math.max(0, this.#lostSince + this.#reconnect.giveUpAfter - now));
    this.#diagnostics.reconnectDelays.push(delay);
    this.#setState(State.RECONNECTING);
    this.#retryTimer = setTimeout(() => { this.#retryTimer = null; this.#resume(run); }, delay);
  }

  /** One reconnection attempt: the WebSocket again if it is gone, then a fresh offer. */
  async #resume(run) {
    if (run !== this.#run) return;
    this.#diagnostics.restarts++;
    try {
      if (!this.#ws || this.#ws.readyState !== WebSocket.OPEN) {
        this.#dropWebSocket();
        await this.#connect(run);
        if (run !== this.#run) return;
      }
      await this.#negotiate(run);
    } catch (error) {
      this.#lose(this.#reconnectReason ?? error.message, run);
    }
  }

  /** Forgets the WebSocket without a close of ours (it is closed, or going). */
  #dropWebSocket() {
    const ws = this.#ws;
    this.#ws = null;
    if (ws) ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
  }

  #busy() {
    return this.#state === State.STARTING || this.#state === State.STARTED || this.#state === State.RECONNECTING;
  }

  /**
   * Stops the session: sends `stop`, closes the peer connection, the camera and the
   * WebSocket, and clears both videos. Does nothing unless starting or started.
   */
  stop() {
    if (!this.#busy()) return;
    this.#send({ id: 'stop' });
    this.#teardown();
    this.#setState(State.STOPPED);
  }

  // --- internals -------------------------------------------------------------------------

  static #freshDiagnostics(stateHistory) {
    return {
      offerSent: false,
      answerApplied: false,
      localCandidatesSent: 0,
      remoteCandidatesAdded: 0,
      remoteCandidatesFailed: 0,
      stateHistory,
      mediaStateHistory: [],
      serverMediaStates: [],
      restarts: 0,
      reconnectReason: null,
      reconnectDelays: [],
      lastError: null,
      audio: false,
      callStats: null,
      callStatsReadings: 0,
    };
  }

  /** Reads the call's quality now and every `statsInterval` ms until the run ends; one reading at a time. */
  #startStats(pc, run) {
    if (!(this.#statsInterval > 0)) return;
    const sampler = new CallStats();
    let busy = false;
    const read = async () => {
      if (busy || run !== this.#run || pc !== this.#pc) return;
      busy = true;
      try {
        const report = await pc.getStats();
        if (run !== this.#run || pc !== this.#pc) return;
        const snapshot = sampler.read(report, { sentVideo: this.#stream?.getVideoTracks()[0] ?? null });
        this.#diagnostics.callStats = snapshot;
        this.#diagnostics.callStatsReadings++;
        try { this.#onStats(snapshot); } catch (e) { console.error(e); }
      } catch (error) {
        if (run === this.#run) console.warn('media session: no call statistics:', error.message);
      } finally {
        busy = false;
      }
    };
    read();
    this.#statsTimer = setInterval(read, this.#statsInterval);
  }

  #setMediaState(mediaState) {
    if (this.#mediaState === mediaState) return;
    this.#mediaState = mediaState;
    this.#diagnostics.mediaStateHistory.push(mediaState);
    try { this.#onMediaStateChange(mediaState); } catch (e) { console.error(e); }
  }

  /** Maps the peer connection's state to the media state; a failure stops the session with the hint. */
  #followMedia(connectionState) {
    if (this.#state !== State.STARTED) return;
    if (connectionState === 'connected' || connectionState === 'completed') {
      this.#setMediaState(MediaState.CONNECTED);
    } else if (connectionState === 'failed') {
      this.#setMediaState(MediaState.FAILED);
      this.#fail(new Error(MEDIA_FAILED_HINT));
    }
  }

  #setState(state) {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#diagnostics.stateHistory.push(state);
    try { this.#onStateChange(state, previous); } catch (e) { console.error(e); }
  }

  #connect(run) {
    return new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new WebSocket(this.#url);
      } catch (e) {
        reject(new Error(`Cannot open the connection to ${this.#url}: ${e.message}`));
        return;
      }
      this.#ws = ws;
      let opened = false;
      // stop() while connecting: start() must still settle.
      this.#abortConnect = () => reject(new Error('stopped'));
      ws.onopen = () => { opened = true; this.#abortConnect = null; resolve(); };
      ws.onmessage = (event) => { if (run === this.#run) this.#onMessage(event.data, run); };
      ws.onerror = () => {
        // The close event that always follows carries the code; report there.
      };
      ws.onclose = (event) => {
        if (!opened) {
          this.#abortConnect = null;
          reject(new Error(`Cannot connect to the application server (${this.#url})`));
        } else if (run === this.#run && this.#ws === ws) {
          const why = event.reason ? `: ${event.reason}` : ` (code ${event.code})`;
          this.#dropWebSocket();
          this.#lose(`The connection to the application server closed${why}`, run);
        }
      };
    });
  }

  /** The page's own stream when it gives one (`localMedia`), else the camera's. */
  async #openMedia() {
    if (this.#localMedia) {
      let own;
      try {
        own = await this.#localMedia();
      } catch (error) {
        throw new Error(`The page's video source failed: ${error.message}`);
      }
      if (own) return own;
    }
    return this.#getUserMedia();
  }

  async #getUserMedia() {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new Error('This browser gives no camera access here: the page must be served over https (or from localhost)');
    }
    try {
      return await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (withAudio) {
      try {
        const stream = await navigator.mediaDevices.getUserMedia({ video: true });
        console.warn('media session: no microphone, sending video only:', withAudio.name, withAudio.message);
        return stream;
      } catch (videoOnly) {
        throw new Error(`Camera not available: ${videoOnly.name}${videoOnly.message ? ` (${videoOnly.message})` : ''}`);
      }
    }
  }

  #send(message) {
    const ws = this.#ws;
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  #sendLocalCandidate(candidate) {
    if (!this.#diagnostics.offerSent) { this.#pendingLocal.push(candidate); return; }
    this.#send({
      id: 'onIceCandidate',
      candidate: {
        candidate: candidate.candidate,
        sdpMid: candidate.sdpMid,
        sdpMLineIndex: candidate.sdpMLineIndex,
      },
    });
    this.#diagnostics.localCandidatesSent++;
  }

  #onMessage(data, run) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      console.warn('media session: ignoring a message that is not JSON:', data);
      return;
    }
    switch (message?.id) {
      case 'startResponse':
        this.#applyAnswer(message.sdpAnswer, run);
        break;
      case 'iceCandidate':
        this.#addRemoteCandidate(message.candidate, run);
        break;
      case 'mediaState':
        this.#diagnostics.serverMediaStates.push(message.state);
        break;
      case 'mediaServerLost':
        this.#lose(message.message || 'The connection to the media server was lost', run);
        break;
      case 'error':
        // A passing cause (no media server answering, the app going away) is an interruption, even mid-start.
        if (message.retry === true && this.#busy()) this.#lose(message.message || 'The server is not ready', run);
        else this.#fail(new Error(message.message || 'The application server reported an error'), false);
        break;
      default:
        try { this.#onEvent(message); } catch (e) { console.error(e); }
    }
  }

  async #applyAnswer(sdp, run) {
    const pc = this.#pc;
    if (!pc || (this.#state !== State.STARTING && this.#state !== State.RECONNECTING)) return;
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp });
    } catch (error) {
      if (run === this.#run) this.#fail(new Error(`The server's SDP answer was refused: ${error.message}`));
      return;
    }
    if (run !== this.#run) return;
    this.#diagnostics.answerApplied = true;
    this.#lostSince = null;
    this.#attempts = 0;
    this.#reconnectReason = null;
    this.#diagnostics.reconnectReason = null;
    for (const c of this.#pendingRemote.splice(0)) this.#addRemoteCandidate(c, run);
    this.#setState(State.STARTED);
    this.#setMediaState(MediaState.CONNECTING);
    this.#followMedia(pc.connectionState ?? pc.iceConnectionState);
    if (run === this.#run && this.#state === State.STARTED) this.#startStats(pc, run);
  }

  async #addRemoteCandidate(candidate, run) {
    if (!candidate) return;
    if (!this.#diagnostics.answerApplied) { this.#pendingRemote.push(candidate); return; }
    try {
      await this.#pc.addIceCandidate(candidate);
      if (run === this.#run) this.#diagnostics.remoteCandidatesAdded++;
    } catch (error) {
      if (run !== this.#run) return;
      this.#diagnostics.remoteCandidatesFailed++;
      console.warn('media session: ICE candidate refused:', candidate.candidate, error.message);
    }
  }

  /** Ends the run on an error; `tellServer` false when the server has already released the session. */
  #fail(error, tellServer = true) {
    const message = error?.message || String(error);
    if (this.#busy()) {
      if (tellServer) this.#send({ id: 'stop' });
      this.#teardown();
    }
    this.#diagnostics.lastError = message;
    this.#setState(State.STOPPED);
    try { this.#onError(error instanceof Error ? error : new Error(message)); } catch (e) { console.error(e); }
  }

  /** Closes the peer connection, its call-quality readings and the remote stream; the camera and the WebSocket stay. */
  #closePeer() {
    // A restart's new peer connection gets a timer of its own: this one's readings end with it.
    clearInterval(this.#statsTimer);
    this.#statsTimer = null;
    if (this.#pc) {
      this.#pc.onicecandidate = this.#pc.ontrack = null;
      this.#pc.onconnectionstatechange = this.#pc.oniceconnectionstatechange = null;
      this.#pc.close();
      // Kept (closed) so the diagnostics still show its last signalling state.
    }
    stopTracks(this.#remoteStream);
    this.#remoteStream = null;
  }

  #teardown() {
    this.#run++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const abort = this.#abortConnect;
    this.#abortConnect = null;
    if (abort) abort();
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'stop');
    }
    this.#closePeer();
    stopTracks(this.#stream);
    this.#stream = null;
    this.#pendingLocal = [];
    this.#pendingRemote = [];
    detach(this.#localVideo);
    detach(this.#remoteVideo);
  }
}

function attach(video, stream, muted) {
  if (!video) return;
  video.muted = muted;
  video.playsInline = true;
  video.autoplay = true;
  if (video.srcObject !== stream) video.srcObject = stream;
  video.play().catch(() => { /* autoplay policy: the element plays when the user interacts */ });
}

function detach(video) {
  if (!video) return;
  video.pause();
  video.srcObject = null;
  video.removeAttribute('src');
  video.load();
}

function stopTracks(stream) {
  stream?.getTracks().forEach((t) => t.stop());
}

const STATUS_TEXT = {
  [State.IDLE]: 'Ready: press Start',
  [State.STARTING]: 'Starting…',
  [State.STARTED]: 'Started',
  [State.STOPPED]: 'Stopped',
  [State.RECONNECTING]: 'Reconnecting…',
};

// While started, the status line tells how the media stands.
const MEDIA_STATUS_TEXT = {
  [MediaState.CONNECTING]: 'Connecting media…',
  [MediaState.CONNECTED]: 'Connected',
};

function element(ref, fallbackSelector) {
  if (ref instanceof Element) return ref;
  return document.querySelector(ref ?? fallbackSelector);
}

/** A new element: attributes set as given (`true` for a boolean attribute), then its children. */
function tag(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === true) node.setAttribute(key, '');
    else if (value !== false && value != null) node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** How often the page's call-quality panel is updated, in milliseconds. */
const STATS_INTERVAL = 1000;

/** The caption of the remote video when the page gives none. */
const REMOTE_CAPTION = 'Remote stream (from the media server)';

/**
 * Renders the layout every Media Streams page shares into a container, replacing what it held (a
 * `<noscript>` note, say): a Start and a Stop button and the status line, the error box, and the
 * two videos, with the ids {@link bindPage} looks for: `#start`, `#stop`, `#status` (its
 * `data-state` holds the session state), `#error`, `#videoInput`, `#videoOutput`; and under the
 * videos, unless `callStats` is false, the (empty, hidden) place of the call-quality panel,
 * `#call-stats`.
 *
 * @param {Element|string} container the element, or its selector
 * @param {Object} [options]
 * @param {string} [options.remoteCaption] the remote video's caption; by default the container's
 *     `data-remote-caption`, else "Remote stream (from the media server)"
 * @param {boolean} [options.callStats=true] whether to leave a place for the call-quality panel
 * @returns {Element} the container
 */
export function renderLayout(container, { remoteCaption, callStats = true } = {}) {
  const root = element(container);
  if (!root) throw new TypeError(`No element ${container} to render the page layout into`);
  const controls = tag('div', { class: 'controls' },
    tag('button', { id: 'start', type: 'button', disabled: true }, 'Start'),
    tag('button', { id: 'stop', type: 'button', disabled: true }, 'Stop'),
    tag('span', { id: 'status', class: 'status', role: 'status' }, 'Loading…'));
  const errorBox = tag('div', { id: 'error', class: 'error', role: 'alert', hidden: true });
  const videos = tag('div', { class: 'videos' },
    tag('figure', {},
      tag('figcaption', {}, 'Local stream'),
      tag('video', { id: 'videoInput', autoplay: true, playsinline: true, muted: true })),
    tag('figure', {},
      tag('figcaption', {}, remoteCaption ?? root.dataset.remoteCaption ?? REMOTE_CAPTION),
      tag('video', { id: 'videoOutput', autoplay: true, playsinline: true })));
  // Under the videos: the call-quality panel, filled by bindPage.
  const stats = callStats ? [tag('section', { id: 'call-stats', hidden: true })] : [];
  root.replaceChildren(controls, errorBox, videos, ...stats);
  return root;
}

/**
 * Wires a page: a Start and a Stop button, a status line (its `data-state` attribute holds the
 * state, `data-media` the {@link MediaState}; while started it says "Connecting media…", then
 * "Connected"), an error box (hidden while empty), the two videos. Every element is given as an
 * element or a CSS selector; the defaults are the ids every Media Streams page uses. When the page
 * has a layout container (`#media-session` by default), the shared layout is rendered into it
 * first ({@link renderLayout}); a page without one brings its own elements.
 *
 * While a session runs, the call-quality panel (`#call-stats`, see `call-stats.js`) shows what
 * flows, read once a second; it is hidden while idle, and keeps the last call's figures once stopped.
 * Its readings are also in `mediaSession.diagnostics.callStats`.
 *
 * The session is also exposed as `window.mediaSession` as a debugging aid (and for the browser
 * tests): `mediaSession.state`, `mediaSession.diagnostics`, `mediaSession.peerConnection`.
 *
 * @param {Object} options
 * @param {string} options.path the application's WebSocket path, e.g. `/helloworld`
 * @param {Element|string} [options.layout='#media-session'] where to render the shared layout
 * @param {Element|string} [options.start='#start']
 * @param {Element|string} [options.stop='#stop']
 * @param {Element|string} [options.status='#status']
 * @param {Element|string} [options.error='#error']
 * @param {Element|string} [options.localVideo='#videoInput']
 * @param {Element|string} [options.remoteVideo='#videoOutput']
 * @param {RTCIceServer[]} [options.iceServers]
 * @param {(message: Object) => void} [options.onEvent] application events
 * @param {(state: string) => void} [options.onStateChange] called after the page is updated
 * @param {boolean} [options.callStats=true] show the call-quality panel (in `#call-stats`)
 * @param {() => (?MediaStream|Promise<?MediaStream>)} [options.localMedia] the stream to send
 *     instead of the camera's, asked for at each start (see {@link MediaSession})
 * @param {Partial<ReconnectOptions>} [options.reconnect] how to reconnect after an interruption; the status
 *     line says "Reconnecting… (why)" meanwhile
 * @returns {MediaSession}
 */
export function bindPage({ path, layout, start, stop, status, error, localVideo, remoteVideo,
  iceServers, onEvent, onStateChange, callStats = true, localMedia, reconnect } = {}) {
  const container = element(layout, '#media-session');
  if (container) renderLayout(container, { callStats });
  const statsRoot = callStats ? document.querySelector('#call-stats') : null;
  const panel = statsRoot ? new CallStatsPanel(statsRoot) : null;
  const startButton = element(start, '#start');
  const stopButton = element(stop, '#stop');
  const statusLine = element(status, '#status');
  const errorBox = element(error, '#error');

  const showError = (message) => {
    if (!errorBox) return;
    errorBox.textContent = message ?? '';
    errorBox.hidden = !message;
  };
  let session = null;
  const render = (state) => {
    if (statusLine) {
      const media = session?.mediaState ?? MediaState.NONE;
      statusLine.dataset.state = state;
      statusLine.dataset.media = media;
      const why = state === State.RECONNECTING ? session?.reconnectReason : null;
      statusLine.textContent = why ? `${STATUS_TEXT[state]} (${why})`
        : (state === State.STARTED && MEDIA_STATUS_TEXT[media]) || STATUS_TEXT[state] || state;
    }
    const busy = state === State.STARTING || state === State.STARTED || state === State.RECONNECTING;
    if (startButton) startButton.disabled = busy;
    if (stopButton) stopButton.disabled = !busy;
  };

  session = new MediaSession({
    path,
    localVideo: element(localVideo, '#videoInput'),
    remoteVideo: element(remoteVideo, '#videoOutput'),
    iceServers,
    onEvent,
    localMedia,
    reconnect,
    statsInterval: panel ? STATS_INTERVAL : 0,
    onStats: (snapshot) => panel?.show(snapshot),
    onMediaStateChange: () => render(session.state),
    onError: (e) => { console.error('media session:', e.message); showError(e.message); },
    onStateChange: (state) => {
      render(state);
      if (panel) {
        // A new peer connection: no figure of the closed one stays.
        if (state === State.STARTING || state === State.RECONNECTING) panel.clear();
        panel.hidden = state === State.IDLE;
      }
      if (onStateChange) onStateChange(state);
    },
  });

  startButton?.addEventListener('click', () => { showError(null); session.start(); });
  stopButton?.addEventListener('click', () => session.stop());
  window.addEventListener('pagehide', () => session.stop());
  showError(null);
  render(session.state);
  window.mediaSession = session;
  return session;
}

/**
 * Adds an entry to an event list (newest first): the text as given and the local time.
 * `<li><span class="event-text">--2748DKR</span> <time datetime="…">10:32:05</time></li>`
 * @param {Element|string} list a `<ul>`/`<ol>` or its selector
 * @param {string} text
 * @param {Date} [when]
 * @returns {HTMLLIElement}
 */
export function addListEntry(list, text, when = new Date()) {
  const target = element(list);
  const item = document.createElement('li');
  const label = document.createElement('span');
  label.className = 'event-text';
  label.textContent = text;
  const time = document.createElement('time');
  time.dateTime = when.toISOString();
  time.textContent = when.toLocaleTimeString();
  item.append(label, ' ', time);
  target.prepend(item);
  return item;
}
