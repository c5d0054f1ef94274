// The crowd-detector page: the shared layout and media session, and each change of a region's level in #crowd.
import { bindPage, addListEntry } from './media-streams.js';

const measures = { crowdOccupancy: 'occupancy', crowdFluidity: 'fluidity' };

bindPage({
  path: '/crowddetector',
  onEvent: (message) => {
    const measure = measures[message.id];
    if (measure) {
      addListEntry('#crowd', `${message.roiId}: ${measure} level ${message.level} (${Math.round(message.percentage)} %)`);
    }
  },
});
