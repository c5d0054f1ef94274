// A sample vehicle plate to send instead of the camera, for those with no plate at hand: a canvas drawn to what KMS's
// plate filter (kmsplatedetector.cpp) looks for, an EU-format Spanish plate. Its sizes follow from the filter's steps
// at a 640-pixel frame and its default plate width percentage of 0.25 (PLATE_WIDTH_PERCENTAGE in the app):
// - the filter closes the text's edges with a kernel 0.25 × 640 / 6 = 27 px wide, so the gaps between characters
//   (16 px, and 24 px between the digits and the letters) stay below it and the text becomes one blob;
// - that blob must be about 5 times as wide as it is high: the text is 280 × 56 px (ratio 5.0);
// - each character must be a contour of its own, about 1.3 to 2 times as high as it is wide (56 / 32 = 1.75);
// - the blue band is farther from the text than the kernel (57 px), so that it stays out of the blob;
// - the widest gap is the one after the fourth character, where the filter splits digits from letters.
// The plate (430 × 91 px, an EU plate's 520 × 110 mm) is tilted 3° clockwise, as a real KMS 7.3 was seen to read
// a plate and not the same one level.
import { drawPlateText } from './plate-glyphs.js';

/** The letters of a Spanish plate: consonants only, without Ñ and Q. */
export const PLATE_LETTERS = 'BCDFGHJKLMNPRSTVWXYZ';

/** A Spanish plate number as shown: four digits, a space, three of {@link PLATE_LETTERS}, e.g. `2748 DKR`. */
export const PLATE_PATTERN = /^\d{4} [BCDFGHJKLMNPRSTVWXYZ]{3}$/;

const WIDTH = 640;
const HEIGHT = 480;
const FRAME_RATE = 15;
const TILT = (3 * Math.PI) / 180;
const PLATE_WIDTH = 430;
const PLATE_HEIGHT = 91;
const BORDER = 3;
const BAND_WIDTH = 33;
const TEXT_HEIGHT = 56;

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

    g.save();
    g.translate(WIDTH / 2, HEIGHT / 2);
    g.rotate(TILT);
    const left = -PLATE_WIDTH / 2;
    const top = -PLATE_HEIGHT / 2;
    g.fillStyle = '#fff';
    g.fillRect(left, top, PLATE_WIDTH, PLATE_HEIGHT);
    drawBand(g, left + BORDER, top + BORDER, BAND_WIDTH, PLATE_HEIGHT - 2 * BORDER);
    g.strokeStyle = '#000';
    g.lineWidth = BORDER;
    g.strokeRect(left + BORDER / 2, top + BORDER / 2, PLATE_WIDTH - BORDER, PLATE_HEIGHT - BORDER);
    const textLeft = left + BORDER + BAND_WIDTH;
    drawPlateText(g, this.#number, (textLeft + PLATE_WIDTH / 2) / 2, 0, TEXT_HEIGHT);
    g.restore();
  }
}

/** The EU band: blue, a ring of twelve yellow stars above the country's white `E`. */
function drawBand(g, x, y, width, height) {
  g.fillStyle = '#003399';
  g.fillRect(x, y, width, height);
  const ring = { x: x + width / 2, y: y + height * 0.3, radius: width * 0.3 };
  g.fillStyle = '#ffcc00';
  for (let star = 0; star < 12; star++) {
    const angle = (star * Math.PI) / 6;
    g.beginPath();
    g.arc(ring.x + ring.radius * Math.cos(angle), ring.y + ring.radius * Math.sin(angle), width * 0.05, 0, 2 * Math.PI);
    g.fill();
  }
  // The E as three bars on a stem, white, a fifth of the band's height.
  const e = { x: x + width * 0.33, y: y + height * 0.62, width: width * 0.34, height: height * 0.24 };
  const stroke = e.height / 5;
  g.fillStyle = '#fff';
  g.fillRect(e.x, e.y, stroke, e.height);
  g.fillRect(e.x, e.y, e.width, stroke);
  g.fillRect(e.x, e.y + (e.height - stroke) / 2, e.width * 0.85, stroke);
  g.fillRect(e.x, e.y + e.height - stroke, e.width, stroke);
}
