package io.github.mediastreams.platedetector;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;

/**
 * Reads a plate in a video frame the way KMS's {@code PlateDetectorFilter} does, with Debian's {@code tesseract} and
 * the filter's own trained data ({@code plateLanguage}): the plate found and levelled, cut out and scaled to the
 * filter's 60 px high, each character a contour of its own, split into digits and letters at the widest gap, and
 * each character read by itself as the filter reads it: cut out onto white with the filter's margins (40 px each
 * side, 20 above and below), one line of text ({@code --psm 7}), the filter's whitelists (digits for the first four,
 * then its letters), its first character taken, and only when tesseract's confidence is above the filter's 70.
 *
 * <p>
 * It guards the characters and their layout, not the filter's plate search, which needs OpenCV: the plate's
 * proportion is given by {@link Reading#plateProportion()} and the characters' by {@link Reading#characters()} for
 * the caller to check against the filter's bounds.
 */
final class PlateReader {

	private static final String DIGITS = "0123456789";

	/** The filter's letters: it reads vowels and Q too, so a consonant misread as one fails here as there. */
	private static final String LETTERS = "AEIOUBCDFGHJKLMNPQRSTVWXYZ";

	/** The confidence above which the filter takes a character. */
	private static final double MIN_CONFIDENCE = 70;

	/** The filter's white margin around a character it reads: each side, and above and below. */
	private static final int SIDE_MARGIN = 40;

	private static final int TOP_MARGIN = 20;

	/** The height KMS's filter scales a plate's cut-out to before reading it. */
	private static final int CUT_OUT_HEIGHT = 60;

	private final Path tessdata;

	private final Path work;

	/**
	 * @param tessdata the directory holding {@code plateLanguage.traineddata}
	 * @param work a directory for the cut-outs handed to tesseract
	 */
	PlateReader(Path tessdata, Path work) {
		this.tessdata = tessdata;
		this.work = work;
	}

	/**
	 * What was read of a frame.
	 *
	 * @param text the digits, a space and the letters read, e.g. {@code 2748 DKR}, with {@code -} for each character
	 *     not read with enough confidence; empty when fewer than 7 characters were found
	 * @param plateProportion the levelled plate's width over its height
	 * @param characters each character's contour in the cut-out, left to right
	 * @param gaps the gaps between neighbouring characters, in the frame's pixels
	 */
	record Reading(String text, double plateProportion, List<Rectangle> characters, List<Double> gaps) {

		/** The text's width over its height: the blob the filter's closing makes of it. */
		double textProportion() {
			Rectangle text = new Rectangle(this.characters.get(0));
			this.characters.forEach(text::add);
			return (double) text.width / text.height;
		}

		/** Each character's height over its width. */
		List<Double> characterProportions() {
			return this.characters.stream().map((c) -> (double) c.height / c.width).toList();
		}

	}

	/**
	 * Skips the calling test when Debian's {@code tesseract} is not installed, saying how to install it; fails it
	 * instead under {@code CI=true}, where {@code .ci/run} installs it.
	 */
	static void assumeInstalled() {
		boolean installed;
		try {
			Process version = new ProcessBuilder("tesseract", "--version").redirectErrorStream(true).start();
			version.getInputStream().readAllBytes();
			installed = version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
		}
		catch (IOException ex) {
			installed = false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		String why = "tesseract is not installed; on Debian: apt-get install tesseract-ocr";
		if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new AssertionError("Plate legibility test failed under CI=true: " + why);
		}
		Assumptions.assumeTrue(installed, () -> "Plate legibility test skipped: " + why);
	}

	/**
	 * The filter's trained data (a test resource, see {@code src/test/resources/tessdata/README.md}), copied into a
	 * directory of its own for tesseract's {@code --tessdata-dir}.
	 *
	 * @param work where to put it
	 * @return the directory holding {@code plateLanguage.traineddata}
	 */
	static Path trainedData(Path work) throws IOException {
		Path directory = Files.createDirectories(work.resolve("tessdata"));
		try (InputStream data = PlateReader.class.getResourceAsStream("/tessdata/" + TRAINED_DATA)) {
			if (data == null) {
				throw new IllegalStateException("No " + TRAINED_DATA + " on the test class path");
			}
			Files.copy(data, directory.resolve(TRAINED_DATA), StandardCopyOption.REPLACE_EXISTING);
		}
		return directory;
	}

	private static final String TRAINED_DATA = "plateLanguage.traineddata";

	Reading read(BufferedImage frame, String name) {
		Plate plate = levelled(frame);
		BufferedImage cutOut = scaled(plate.image(), CUT_OUT_HEIGHT);
		boolean[][] ink = ink(cutOut);
		List<Rectangle> characters = characters(ink);
		double frameScale = (double) plate.image().getHeight() / CUT_OUT_HEIGHT;
		List<Double> gaps = new ArrayList<>();
		for (int i = 1; i < characters.size(); i++) {
			gaps.add(frameScale * gap(characters.get(i - 1), characters.get(i)));
		}
		if (characters.size() < 7) {
			return new Reading("", plate.proportion(), characters, gaps);
		}
		int split = widestGap(characters);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < characters.size(); i++) {
			if (i == split) {
				text.append(' ');
			}
			text.append(ocr(ink, characters.get(i), i < split ? DIGITS : LETTERS, name + "-" + i));
		}
		return new Reading(text.toString(), plate.proportion(), characters, gaps);
	}

	private static int gap(Rectangle left, Rectangle right) {
		return right.x - (left.x + left.width);
	}

	private record Plate(BufferedImage image, double proportion) {
	}

	/**
	 * The plate: the white pixels' region, turned level by the angle of its long axis (its second moments), cut out
	 * inside its border.
	 */
	private static Plate levelled(BufferedImage frame) {
		double n = 0;
		double sx = 0;
		double sy = 0;
		for (int y = 0; y < frame.getHeight(); y++) {
			for (int x = 0; x < frame.getWidth(); x++) {
				if (isPlateWhite(frame.getRGB(x, y))) {
					n++;
					sx += x;
					sy += y;
				}
			}
		}
		if (n == 0) {
			throw new IllegalArgumentException("No plate in the frame: nothing white");
		}
		double cx = sx / n;
		double cy = sy / n;
		double xx = 0;
		double yy = 0;
		double xy = 0;
		for (int y = 0; y < frame.getHeight(); y++) {
			for (int x = 0; x < frame.getWidth(); x++) {
				if (isPlateWhite(frame.getRGB(x, y))) {
					xx += (x - cx) * (x - cx);
					yy += (y - cy) * (y - cy);
					xy += (x - cx) * (y - cy);
				}
			}
		}
		double angle = 0.5 * Math.atan2(2 * xy, xx - yy);
		BufferedImage level = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
		Graphics2D g = level.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.setTransform(AffineTransform.getRotateInstance(-angle, cx, cy));
		g.drawImage(frame, 0, 0, null);
		g.dispose();
		Rectangle white = whiteBounds(level);
		// Inside the black border, as the filter's cut-out of the text's blob is.
		int inset = Math.max(2, white.height / 15);
		Rectangle inside = new Rectangle(white.x + inset, white.y + inset, white.width - 2 * inset,
				white.height - 2 * inset);
		return new Plate(level.getSubimage(inside.x, inside.y, inside.width, inside.height),
				(double) white.width / white.height);
	}

	private static Rectangle whiteBounds(BufferedImage image) {
		// Rows and columns that are mostly plate, so that a stray light pixel of the background does not count.
		int top = -1;
		int bottom = -1;
		int left = Integer.MAX_VALUE;
		int right = -1;
		for (int y = 0; y < image.getHeight(); y++) {
			int first = -1;
			int last = -1;
			int count = 0;
			for (int x = 0; x < image.getWidth(); x++) {
				if (isPlateWhite(image.getRGB(x, y))) {
					count++;
					last = x;
					if (first < 0) {
						first = x;
					}
				}
			}
			if (count > image.getWidth() / 10) {
				top = top < 0 ? y : top;
				bottom = y;
				left = Math.min(left, first);
				right = Math.max(right, last);
			}
		}
		if (top < 0) {
			throw new IllegalArgumentException("No plate in the frame: no row mostly white");
		}
		return new Rectangle(left, top, right - left + 1, bottom - top + 1);
	}

	private static boolean isPlateWhite(int rgb) {
		return red(rgb) > 190 && green(rgb) > 190 && blue(rgb) > 190;
	}

	private static BufferedImage scaled(BufferedImage image, int height) {
		int width = Math.round((float) image.getWidth() * height / image.getHeight());
		BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = scaled.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.drawImage(image, 0, 0, width, height, null);
		g.dispose();
		return scaled;
	}

	/** Dark pixels that are not the band's blue: the characters (and what is left of the border). */
	private static boolean[][] ink(BufferedImage image) {
		boolean[][] ink = new boolean[image.getHeight()][image.getWidth()];
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int rgb = image.getRGB(x, y);
				double luminance = 0.299 * red(rgb) + 0.587 * green(rgb) + 0.114 * blue(rgb);
				boolean bluish = blue(rgb) > red(rgb) + 40;
				ink[y][x] = luminance < 128 && !bluish;
			}
		}
		return ink;
	}

	/**
	 * The contours that can be characters, left to right: connected ink at least half the cut-out's height and
	 * narrower than it is high.
	 */
	private static List<Rectangle> characters(boolean[][] ink) {
		int height = ink.length;
		int width = ink[0].length;
		boolean[][] seen = new boolean[height][width];
		List<Rectangle> found = new ArrayList<>();
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				if (ink[y][x] && !seen[y][x]) {
					Rectangle box = component(ink, seen, x, y);
					if (box.height >= height / 2 && box.height < height && box.width < box.height) {
						found.add(box);
					}
				}
			}
		}
		found.sort(Comparator.comparingInt((Rectangle r) -> r.x));
		return found;
	}

	private static Rectangle component(boolean[][] ink, boolean[][] seen, int x0, int y0) {
		Rectangle box = new Rectangle(x0, y0, 1, 1);
		List<int[]> stack = new ArrayList<>();
		stack.add(new int[] { x0, y0 });
		seen[y0][x0] = true;
		while (!stack.isEmpty()) {
			int[] p = stack.remove(stack.size() - 1);
			box.add(new Rectangle(p[0], p[1], 1, 1));
			for (int dy = -1; dy <= 1; dy++) {
				for (int dx = -1; dx <= 1; dx++) {
					int x = p[0] + dx;
					int y = p[1] + dy;
					if (y >= 0 && y < ink.length && x >= 0 && x < ink[0].length && ink[y][x] && !seen[y][x]) {
						seen[y][x] = true;
						stack.add(new int[] { x, y });
					}
				}
			}
		}
		return box;
	}

	/** Where the digits end: after the widest gap between two characters, as the filter splits them. */
	private static int widestGap(List<Rectangle> characters) {
		int split = 1;
		int widest = -1;
		for (int i = 1; i < characters.size(); i++) {
			int gap = gap(characters.get(i - 1), characters.get(i));
			if (gap > widest) {
				widest = gap;
				split = i;
			}
		}
		return split;
	}

	/** One character, read as the filter reads it; {@code -} when not read with enough confidence. */
	private char ocr(boolean[][] ink, Rectangle character, String whitelist, String name) {
		BufferedImage image = new BufferedImage(character.width + 2 * SIDE_MARGIN, character.height + 2 * TOP_MARGIN,
				BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int sx = character.x + x - SIDE_MARGIN;
				int sy = character.y + y - TOP_MARGIN;
				boolean inside = character.contains(sx, sy);
				image.getRaster().setSample(x, y, 0, inside && ink[sy][sx] ? 0 : 255);
			}
		}
		try {
			Path png = this.work.resolve(name + ".png");
			ImageIO.write(image, "png", png.toFile());
			Process tesseract = new ProcessBuilder("tesseract", "--tessdata-dir", this.tessdata.toString(),
					png.toString(), "stdout", "-l", "plateLanguage", "--psm", "7", "-c",
					"tessedit_char_whitelist=" + whitelist, "-c", "tessedit_create_tsv=1")
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			String tsv = new String(tesseract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!tesseract.waitFor(30, TimeUnit.SECONDS) || tesseract.exitValue() != 0) {
				throw new IllegalStateException("tesseract failed on " + png);
			}
			// The words' rows (level 5): confidence in column 11, text in 12.
			return tsv.lines()
				.map((line) -> line.split("\t"))
				.filter((row) -> row.length == 12 && row[0].equals("5") && !row[11].isBlank())
				.findFirst()
				.filter((row) -> Double.parseDouble(row[10]) > MIN_CONFIDENCE)
				.map((row) -> row[11].charAt(0))
				.orElse('-');
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int red(int rgb) {
		return (rgb >> 16) & 0xff;
	}

	private static int green(int rgb) {
		return (rgb >> 8) & 0xff;
	}

	private static int blue(int rgb) {
		return rgb & 0xff;
	}

}
