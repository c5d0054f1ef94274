/**
 * Live call quality: what flows on an RTCPeerConnection, read from `getStats()` once a second, and
 * a compact panel that shows it (sent and received video bitrate, frames per second, resolution,
 * codec, packets lost and jitter, the round-trip time, the selected candidate pair, and a chart of
 * the last 60 s of received bitrate). {@link bindPage} in `media-streams.js` shows it on every page
 * (its `callStats` option); {@link CallStats} and {@link CallStatsPanel} work on any peer connection.
 *
 * Browsers differ in what they report (Firefox has no `selectedCandidatePairId` on its transport
 * and marks the pair `selected` instead; a sender's frame rate may be missing and is then counted
 * from its frames): each figure is taken from where either browser gives it, and is null when
 * neither does yet.
 *
 * @module call-stats
 */

/**
 * @typedef {Object} DirectionStats One direction of the video.
 * @property {number} bitrate bits per second since the previous reading (0 on the first)
 * @property {?number} framesPerSecond
 * @property {?number} width
 * @property {?number} height
 * @property {number} frames frames encoded (sent) or decoded (received) so far
 * @property {?string} codec e.g. `VP8`
 * @property {?number} packetsLost as the receiving side reports it
 * @property {?number} jitter in milliseconds, as the receiving side reports it
 */

/**
 * @typedef {Object} CallSnapshot One reading of a call's quality.
 * @property {number} timestamp when the browser took it (ms since the epoch)
 * @property {DirectionStats} sent the video this browser sends
 * @property {DirectionStats} received the video it receives
 * @property {?number} roundTripTime in milliseconds
 * @property {?{local: string, remote: string, protocol: string, relayProtocol: ?string}} candidatePair the
 *     selected pair: candidate types (host, srflx, prflx, relay) and transport (udp, tcp); null until ICE selects one
 */

/** Turns successive `getStats()` reports of one peer connection into {@link CallSnapshot}s (rates are deltas). */
export class CallStats {
  #previous = null;

  /** Forgets the previous reading: the next one starts the rates afresh (a new call). */
  reset() { this.#previous = null; }

  /**
   * @param {RTCStatsReport} report what `RTCPeerConnection.getStats()` resolved to
   * @param {Object} [options]
   * @param {?MediaStreamTrack} [options.sentVideo] the video track sent: its settings give the sent
   *     resolution while the browser's statistics have none (Firefox, before the first frame is sent)
   * @returns {CallSnapshot}
   */
  read(report, { sentVideo = null } = {}) {
    const all = [...report.values()];
    const video = (type) => all.find((s) => s.type === type && (s.kind ?? s.mediaType) === 'video');
    const outbound = video('outbound-rtp');
    const inbound = video('inbound-rtp');
    const remoteInbound = video('remote-inbound-rtp');
    const source = outbound?.mediaSourceId ? report.get(outbound.mediaSourceId) : video('media-source');
    const timestamp = outbound?.timestamp ?? inbound?.timestamp ?? all[0]?.timestamp ?? Date.now();
    const now = {
      timestamp,
      sentBytes: outbound?.bytesSent ?? 0,
      receivedBytes: inbound?.bytesReceived ?? 0,
      sentFrames: outbound?.framesEncoded ?? outbound?.framesSent ?? 0,
      receivedFrames: inbound?.framesDecoded ?? inbound?.framesReceived ?? 0,
    };
    const before = this.#previous;
    this.#previous = now;
    const seconds = before ? (now.timestamp - before.timestamp) / 1000 : 0;
    const rate = (key, scale = 1) => (seconds > 0 ? Math.max(0, ((now[key] - before[key]) * scale) / seconds) : 0);
    const pair = selectedPair(report, all);
    const settings = sentVideo?.getSettings?.() ?? {};
    return {
      timestamp,
      sent: {
        bitrate: Math.round(rate('sentBytes', 8)),
        framesPerSecond: round1(positive(outbound?.framesPerSecond) ?? (seconds > 0 ? rate('sentFrames') : null)),
        width: positive(outbound?.frameWidth) ?? positive(source?.width) ?? positive(settings.width),
        height: positive(outbound?.frameHeight) ?? positive(source?.height) ?? positive(settings.height),
        frames: now.sentFrames,
        codec: codecName(report, outbound),
        packetsLost: lost(remoteInbound?.packetsLost),
        jitter: milliseconds(remoteInbound?.jitter),
      },
      received: {
        bitrate: Math.round(rate('receivedBytes', 8)),
        framesPerSecond: round1(positive(inbound?.framesPerSecond) ?? (seconds > 0 && inbound ? rate('receivedFrames') : null)),
        width: positive(inbound?.frameWidth),
        height: positive(inbound?.frameHeight),
        frames: now.receivedFrames,
        codec: codecName(report, inbound),
        packetsLost: lost(inbound?.packetsLost),
        jitter: milliseconds(inbound?.jitter),
      },
      roundTripTime: milliseconds(pair?.currentRoundTripTime ?? remoteInbound?.roundTripTime),
      candidatePair: describePair(report, pair),
    };
  }
}

function selectedPair(report, all) {
  const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  if (transport) return report.get(transport.selectedCandidatePairId) ?? null;
  const pairs = all.filter((s) => s.type === 'candidate-pair');
  return pairs.find((p) => p.selected) ?? pairs.find((p) => p.nominated && p.state === 'succeeded') ?? null;
}

function describePair(report, pair) {
  if (!pair) return null;
  const local = report.get(pair.localCandidateId);
  const remote = report.get(pair.remoteCandidateId);
  if (!local || !remote) return null;
  return {
    local: local.candidateType,
    remote: remote.candidateType,
    protocol: local.protocol ?? remote.protocol,
    relayProtocol: local.relayProtocol ?? null,
  };
}

function codecName(report, rtp) {
  const codec = rtp?.codecId ? report.get(rtp.codecId) : null;
  return codec?.mimeType ? codec.mimeType.replace(/^video\//i, '') : null;
}

const positive = (n) => (typeof n === 'number' && n > 0 ? n : null);
// Firefox reports a measured rate such as 31.652989449003517: one decimal is what a person reads.
const round1 = (n) => (typeof n === 'number' ? Math.round(n * 10) / 10 : null);
// packetsLost is signed (RFC 3550: duplicates make it negative; Firefox reports -1 before any report): none lost.
const lost = (n) => (typeof n === 'number' ? Math.max(0, n) : null);
const milliseconds = (s) => (typeof s === 'number' ? Math.round(s * 10000) / 10 : null);

/** A bitrate in words: `0 kbit/s`, `850 kbit/s`, `1.25 Mbit/s`. */
export function formatBitrate(bitsPerSecond) {
  if (bitsPerSecond == null) return '–';
  if (bitsPerSecond >= 1e6) return `${(bitsPerSecond / 1e6).toFixed(2)} Mbit/s`;
  return `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}

const DASH = '–';
const or = (value, format = String) => (value == null ? DASH : format(value));

/** How many seconds the chart shows, one reading a second. */
export const CHART_SECONDS = 60;

const ROWS = [
  ['Bitrate', 'bitrate', (d) => formatBitrate(d.bitrate)],
  ['Frames/s', 'fps', (d) => or(d.framesPerSecond)],
  ['Resolution', 'resolution', (d) => (d.width && d.height ? `${d.width}×${d.height}` : DASH)],
  ['Codec', 'codec', (d) => or(d.codec)],
  ['Packets lost', 'lost', (d) => or(d.packetsLost)],
  ['Jitter', 'jitter', (d) => or(d.jitter, (ms) => `${ms} ms`)],
];

/**
 * The call-quality panel: a table of the sent and received video, the round-trip time and the
 * candidate pair, and a canvas chart of the received bitrate over the last {@link CHART_SECONDS}
 * seconds. Each figure's cell has a `data-stat` attribute (`sent.bitrate`, `received.fps`,
 * `roundTripTime`, `candidatePair`…). Its colours come from the page's CSS (media-streams.css), so
 * it follows the light or dark colour scheme.
 */
export class CallStatsPanel {
  #root;
  #cells = new Map();
  #canvas;
  #history = [];

  /** @param {Element} root an empty element (a `<section>`) the panel is rendered into */
  constructor(root) {
    this.#root = root;
    root.classList.add('call-stats');
    root.setAttribute('aria-label', 'Call quality');
    const cell = (key) => {
      const td = document.createElement('td');
      td.dataset.stat = key;
      td.textContent = DASH;
      this.#cells.set(key, td);
      return td;
    };
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    for (const title of ['Video', 'Sent', 'Received']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = title;
      head.append(th);
    }
    const body = table.createTBody();
    for (const [title, key] of ROWS) {
      const row = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = title;
      row.append(th, cell(`sent.${key}`), cell(`received.${key}`));
    }
    const facts = document.createElement('dl');
    for (const [title, key] of [['Round trip', 'roundTripTime'], ['Candidate pair', 'candidatePair']]) {
      const dt = document.createElement('dt');
      dt.textContent = title;
      const dd = document.createElement('dd');
      dd.dataset.stat = key;
      dd.textContent = DASH;
      this.#cells.set(key, dd);
      facts.append(dt, dd);
    }
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = `Received bitrate, last ${CHART_SECONDS} s`;
    this.#canvas = document.createElement('canvas');
    this.#canvas.setAttribute('role', 'img');
    this.#canvas.setAttribute('aria-label', `Received bitrate over the last ${CHART_SECONDS} seconds`);
    figure.append(caption, this.#canvas);
    const numbers = document.createElement('div');
    numbers.className = 'call-stats-numbers';
    numbers.append(table, facts);
    root.replaceChildren(numbers, figure);
  }

  /** @param {boolean} hidden whether the panel is hidden (no call) */
  set hidden(hidden) { this.#root.hidden = hidden; }

  /** Clears the figures and the chart, for a new call. */
  clear() {
    this.#history = [];
    for (const td of this.#cells.values()) td.textContent = DASH;
    this.#draw();
  }

  /** @param {CallSnapshot} snapshot the latest reading */
  show(snapshot) {
    for (const [, key, format] of ROWS) {
      this.#cells.get(`sent.${key}`).textContent = format(snapshot.sent);
      this.#cells.get(`received.${key}`).textContent = format(snapshot.received);
    }
    this.#cells.get('roundTripTime').textContent = or(snapshot.roundTripTime, (ms) => `${ms} ms`);
    const pair = snapshot.candidatePair;
    this.#cells.get('candidatePair').textContent = pair
      ? `${pair.local} ↔ ${pair.remote}, ${pair.protocol.toUpperCase()}${pair.relayProtocol ? ` (relay over ${pair.relayProtocol.toUpperCase()})` : ''}`
      : 'none selected yet';
    this.#history.push(snapshot.received.bitrate);
    if (this.#history.length > CHART_SECONDS) this.#history.shift();
    this.#draw();
  }

  /** One line, newest reading on the right, scaled to the largest value shown (at least 100 kbit/s). */
  #draw() {
    const canvas = this.#canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
    const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    const g = canvas.getContext('2d');
    const style = getComputedStyle(canvas);
    g.clearRect(0, 0, width, height);
    const top = Math.max(100_000, ...this.#history);
    const pad = 4 * ratio;
    const x = (i) => width - ((this.#history.length - 1 - i) / (CHART_SECONDS - 1)) * width;
    const y = (v) => height - pad - (v / top) * (height - 2 * pad);
    g.strokeStyle = style.getPropertyValue('--ms-border').trim() || '#888';
    g.lineWidth = ratio;
    g.beginPath();
    g.moveTo(0, y(0));
    g.lineTo(width, y(0));
    g.stroke();
    g.fillStyle = style.color;
    g.font = `${11 * ratio}px ${style.fontFamily}`;
    g.textBaseline = 'top';
    g.fillText(formatBitrate(top), pad, pad);
    if (this.#history.length === 0) return;
    g.strokeStyle = style.color;
    g.lineWidth = 2 * ratio;
    g.beginPath();
    this.#history.forEach((v, i) => (i === 0 ? g.moveTo(x(i), y(v)) : g.lineTo(x(i), y(v))));
    g.stroke();
  }
}
