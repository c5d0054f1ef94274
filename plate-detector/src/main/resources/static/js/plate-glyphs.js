// The sample plate's characters, drawn as stroked paths rather than text: the app ships no font file (nothing
// downloaded is committed), and the fonts a browser has differ from machine to machine, while KMS's plate filter
// reads a DIN 1451-like face. Each character is a path written here after DIN's "Mittelschrift" construction:
// strokes of one width, straight stems, round parts as arcs, flat terminals, vertices cut by the cap line and the
// baseline.
//
// The grid: y grows downwards, the cap line is y = 0 and the baseline y = 7; a character's box is 4 wide (M and W
// wider) and its strokes are 1 wide, so the paths (SVG path data: A is an elliptical arc) run along the strokes'
// middles, 0.5 inside the box. The box clips what is drawn: a stroke or a mitred corner that runs past the cap line
// or the baseline ends flat on it.

const CAP_HEIGHT = 7;
const STROKE = 1;
const GAP = 1;

/** Each character of a Spanish plate: its box's width and its path (SVG path data on the grid above). */
const GLYPHS = {
  ' ': glyph(0, ''),
  0: glyph(4, 'M0.5 2A1.5 1.5 0 0 1 3.5 2V5A1.5 1.5 0 0 1 0.5 5Z'),
  1: glyph(4, 'M0 1.9L2.9 0.5V7'),
  2: glyph(4, 'M0.5 2A1.5 1.5 0 0 1 3.5 2L0.5 6.5H4'),
  3: glyph(4, 'M0.6 1.4A1.45 1.3 0 1 1 2 3.3A1.5 1.6 0 1 1 0.55 5.6'),
  4: glyph(4, 'M4 5.3H0.5L2.5 0M3 3.5V7'),
  5: glyph(4, 'M3.7 0.5H0.8V3.4L1.49 3.11A1.5 1.75 0 1 1 0.7 5.63'),
  6: glyph(4, 'M3.3 1.3A1.5 1.5 0 0 0 0.5 2V4.9A1.5 1.6 0 0 0 3.5 4.9A1.5 1.6 0 0 0 0.5 4.9'),
  7: glyph(4, 'M0 0.5H3.5L1.3 7.5'),
  8: glyph(4, 'M0.7 2A1.3 1.5 0 0 1 3.3 2A1.3 1.5 0 0 1 0.7 2ZM0.5 5A1.5 1.5 0 0 1 3.5 5A1.5 1.5 0 0 1 0.5 5Z'),
  9: glyph(4, 'M0.7 5.7A1.5 1.5 0 0 0 3.5 5V2.1A1.5 1.6 0 0 0 0.5 2.1A1.5 1.6 0 0 0 3.5 2.1'),
  B: glyph(4, 'M0.5 3.5H2A1.3 1.5 0 0 0 2 0.5H0.5V6.5H2A1.5 1.5 0 0 0 2 3.5'),
  C: glyph(4, 'M3.41 1.49A1.5 1.5 0 0 0 0.5 2V5A1.5 1.5 0 0 0 3.41 5.51'),
  D: glyph(4, 'M0.5 0.5H1.5A2 2 0 0 1 3.5 2.5V4.5A2 2 0 0 1 1.5 6.5H0.5Z'),
  F: glyph(4, 'M4 0.5H0.5V7M0.5 3.5H3.2'),
  G: glyph(4, 'M3.41 1.49A1.5 1.5 0 0 0 0.5 2V5A1.5 1.5 0 0 0 3.5 5V3.8H2.2'),
  H: glyph(4, 'M0.5 0V7M3.5 0V7M0.5 3.5H3.5'),
  J: glyph(4, 'M3.5 0V5A1.5 1.5 0 0 1 0.5 5V4.4'),
  K: glyph(4, 'M0.5 0V7M0.5 5.2L3.62 -0.5M1.7 3L3.7 7.5'),
  L: glyph(4, 'M0.5 0V6.5H4'),
  M: glyph(5, 'M0.5 7V0.5L2.5 5L4.5 0.5V7'),
  N: glyph(4, 'M0.5 7V0.5L3.5 6.5V0'),
  P: glyph(4, 'M0.5 7V0.5H2A1.5 1.75 0 0 1 2 4H0.5'),
  R: glyph(4, 'M0.5 7V0.5H2A1.5 1.75 0 0 1 2 4H0.5M1.9 4L3.6 7.5'),
  S: glyph(4, 'M3.41 1.49A1.5 1.5 0 1 0 0.7 2.75C1.1 3.44 2.9 3.56 3.3 4.25A1.5 1.5 0 1 1 0.59 5.51'),
  T: glyph(4, 'M0 0.5H4M2 0.5V7'),
  V: glyph(4, 'M0.39 -0.5L2 6.6L3.61 -0.5'),
  W: glyph(4.5, 'M0.5 -0.5L1.25 6.7L2.25 1.6L3.25 6.7L4 -0.5'),
  X: glyph(4, 'M0.4 -0.5L3.6 7.5M3.6 -0.5L0.4 7.5'),
  Y: glyph(4, 'M0.4 -0.5L2 3.6V7M3.6 -0.5L2 3.6'),
  Z: glyph(4, 'M0 0.5H3.5L0.5 6.5H4'),
};

function glyph(width, path) {
  return { width, path: new Path2D(path) };
}

function glyphOf(character) {
  const found = GLYPHS[character];
  if (!found) {
    throw new Error(`No glyph for "${character}": a plate's characters are "${Object.keys(GLYPHS).join('')}"`);
  }
  return found;
}

/**
 * Draws a string of plate characters (digits, the space and the consonants of a Spanish plate) in the context's
 * stroke style, centred on a point.
 *
 * @param {CanvasRenderingContext2D} g where to draw
 * @param {string} text the characters, e.g. `2748 DKR`
 * @param {number} centreX the horizontal centre of the text
 * @param {number} centreY the vertical centre of the capitals
 * @param {number} height the capitals' height, in the context's units; the strokes are a seventh of it
 */
export function drawPlateText(g, text, centreX, centreY, height) {
  const glyphs = [...text].map(glyphOf);
  const width = glyphs.reduce((sum, { width: w }) => sum + w + GAP, -GAP);
  const unit = height / CAP_HEIGHT;
  g.save();
  g.translate(centreX - (width * unit) / 2, centreY - height / 2);
  g.scale(unit, unit);
  g.lineWidth = STROKE;
  // Square-cut ends and sharp corners, as DIN's; the clip below flattens the long mitres of acute vertices.
  g.lineCap = 'butt';
  g.lineJoin = 'miter';
  g.miterLimit = 10;
  for (const { width: w, path } of glyphs) {
    g.save();
    g.beginPath();
    g.rect(0, 0, w, CAP_HEIGHT);
    g.clip();
    g.stroke(path);
    g.restore();
    g.translate(w + GAP, 0);
  }
  g.restore();
}
