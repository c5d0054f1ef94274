// The plate-detector page: the shared layout and media session, and each plate read listed in #plates.
import { bindPage, addListEntry } from './media-streams.js';

bindPage({
  path: '/platedetector',
  onEvent: (message) => {
    if (message.id === 'plateDetected') addListEntry('#plates', message.plate);
  },
});
