// The test application's page with short reconnection bounds, given in the query (?giveUpAfter=ms), so that the
// browser tests see an interruption, the attempts and the give-up within seconds.
import { bindPage } from './media-streams.js';

const query = new URLSearchParams(window.location.search);
bindPage({
  path: '/signalling',
  reconnect: { initialDelay: 200, maxDelay: 1000, giveUpAfter: Number(query.get('giveUpAfter') ?? 60_000) },
});
