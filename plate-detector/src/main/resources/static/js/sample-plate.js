// A sample vehicle plate to send instead of the camera, for those with no plate at hand: a canvas drawn as KMS's
// plate filter reads one (seen on KMS 7.3): a Spanish plate, black on white in a DIN-like face (drawn as paths, by
// plate-glyphs.js) with a thin border, about a third of the width of a 640x480 frame, tilted about 3° clockwise (the
// same plate untilted was not read).
import { drawPlateText } from './plate-glyphs.js';

/** The letters of a Spanish plate: consonants only, without Ñ and Q. */
export const PLATE_LETTERS = 'BCDFGHJKLMNPRSTVWXYZ';

/** A Spanish plate number as shown: four digits, a space, three of {@link PLATE_LETTERS}, e.g. `2748 DKR`. */
export const PLATE_PATTERN = /^\d{4} [BCDFGHJKLMNPRSTVWXYZ]{3}$/;

const WIDTH = 640;
const HEIGHT = 480;
const FRAME_RATE = 15;
const TILT = (3 * Math.PI) / 180;

/** A new random plate number, e.g. `2748 DKR`. */
export function randomPlate(random = cryptoRandom) {
  const digits = Array.from({ length: 4 }, () => Math.floor(random() * 10)).join('');
  const letters = Array.from({ length: 3 }, () => PLATE_LETTERS[Math.floor(random() * PLATE_LETTERS.length)]).join('');
  return `${digits} ${letters}`;
}

function cryptoRandom() {
  return crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
}

/**
 * The sample plate: each {@link SamplePlate#start} draws a new random plate on a 640x480 canvas and gives
 * the canvas's stream (`captureStream()`), redrawn a few times a second so that frames keep coming; drawing
 * stops when the stream's track is stopped (the media session stops it at stop).
 */
export class SamplePlate {
  #canvas = Object.assign(document.createElement('canvas'), { width: WIDTH, height: HEIGHT });
  #number = null;
  #timer = null;

  /** @returns {HTMLCanvasElement} the canvas the plate is drawn on */
  get canvas() { return this.#canvas; }

  /** @returns {?string} the number of the plate being sent, or null before the first start */
  get number() { return this.#number; }

  /**
   * Draws a new plate and gives the canvas's stream.
   * @returns {Promise<MediaStream>}
   */
  async start() {
    clearInterval(this.#timer);
    this.#number = randomPlate();
    this.#draw();
    const stream = this.#canvas.captureStream(FRAME_RATE);
    const [track] = stream.getVideoTracks();
    this.#timer = setInterval(() => {
      if (track.readyState === 'ended') {
        clearInterval(this.#timer);
        return;
      }
      this.#draw();
    }, 1000 / FRAME_RATE);
    return stream;
  }

  #draw() {
    const g = this.#canvas.getContext('2d');
    // A grey, slightly graded background, as a car's bumper behind the plate.
    const background = g.createLinearGradient(0, 0, 0, HEIGHT);
    background.addColorStop(0, '#5d6168');
    background.addColorStop(1, '#3f4247');
    g.fillStyle = background;
    g.fillRect(0, 0, WIDTH, HEIGHT);

    const plateWidth = Math.round(WIDTH / 3);
    const plateHeight = Math.round(plateWidth * 0.22);
    g.save();
    g.translate(WIDTH / 2, HEIGHT / 2);
    g.rotate(TILT);
    g.fillStyle = '#fff';
    g.fillRect(-plateWidth / 2, -plateHeight / 2, plateWidth, plateHeight);
    g.strokeStyle = '#000';
    g.lineWidth = 2;
    g.strokeRect(-plateWidth / 2 + 2, -plateHeight / 2 + 2, plateWidth - 4, plateHeight - 4);
    drawPlateText(g, this.#number, 0, 0, plateHeight * 0.6);
    g.restore();
  }
}
