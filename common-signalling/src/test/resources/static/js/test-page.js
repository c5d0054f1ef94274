// The page of the library's test application, as small as an exercise's.
import { bindPage } from './media-streams.js';

bindPage({ path: '/signalling' });
