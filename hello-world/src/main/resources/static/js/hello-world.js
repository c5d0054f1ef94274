// The hello-world page: the shared layout and media session, nothing of its own.
import { bindPage } from './media-streams.js';

bindPage({ path: '/helloworld' });
