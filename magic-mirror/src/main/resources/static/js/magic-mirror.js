// The magic-mirror page: the shared layout and media session; the hats are drawn by the media server.
import { bindPage } from './media-streams.js';

bindPage({ path: '/magicmirror' });
