// The plate-detector page: the shared layout and media session, each plate read listed in #plates, and the
// "Use a sample plate" switch, which sends a drawn plate (a new number at each start, shown beside the switch)
// instead of the camera.
import { bindPage, addListEntry, State } from './media-streams.js';
import { SamplePlate } from './sample-plate.js';

const useSample = document.querySelector('#sample-plate');
const number = document.querySelector('#sample-plate-number');
const samplePlate = new SamplePlate();

bindPage({
  path: '/platedetector',
  localMedia: async () => {
    if (!useSample.checked) {
      number.textContent = '';
      return null;
    }
    const stream = await samplePlate.start();
    number.textContent = samplePlate.number;
    return stream;
  },
  // The source is chosen at start: the switch waits for the session to end.
  onStateChange: (state) => { useSample.disabled = state === State.STARTING || state === State.STARTED; },
  onEvent: (message) => {
    if (message.id === 'plateDetected') addListEntry('#plates', message.plate);
  },
});
