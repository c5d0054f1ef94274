import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;

import javax.imageio.ImageIO;

/**
 * Draws magic-mirror's hat, a top hat on a transparent background, with Java2D: nothing is downloaded.
 *
 * <pre>
 * java magic-mirror/tools/DrawHat.java magic-mirror/src/main/resources/static/img/hat.png
 * </pre>
 *
 * The layout follows the overlay the app asks of the FaceOverlayFilter (offsets -0.35, -1.2, size 1.6 x 1.6 of the
 * face): the face's top edge falls at 75% of the image's height and its centre at 53% of its width, so the brim is
 * drawn there and the part of the image over the face is left transparent.
 */
public class DrawHat {

	public static void main(String[] args) throws Exception {
		int size = 200;
		BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);

		double centre = size * 0.53;
		double brimY = size * 0.72;
		double crownWidth = 96;
		double crownTop = 34;

		// The crown: slightly wider at the top, as top hats are.
		Path2D crown = new Path2D.Double();
		crown.moveTo(centre - crownWidth / 2, brimY);
		crown.lineTo(centre - crownWidth / 2 - 6, crownTop);
		crown.lineTo(centre + crownWidth / 2 + 6, crownTop);
		crown.lineTo(centre + crownWidth / 2, brimY);
		crown.closePath();

		// The brim, behind the crown.
		Ellipse2D brim = new Ellipse2D.Double(centre - 78, brimY - 14, 156, 28);
		g.setPaint(new Color(0x16, 0x16, 0x1c));
		g.fill(brim);

		g.setPaint(new GradientPaint((float) (centre - crownWidth / 2), 0, new Color(0x20, 0x20, 0x28),
				(float) (centre + crownWidth / 2), 0, new Color(0x4a, 0x4a, 0x58)));
		g.fill(crown);

		// A red band just above the brim.
		Path2D band = new Path2D.Double();
		band.moveTo(centre - crownWidth / 2, brimY - 4);
		band.lineTo(centre - crownWidth / 2 - 1, brimY - 24);
		band.lineTo(centre + crownWidth / 2 + 1, brimY - 24);
		band.lineTo(centre + crownWidth / 2, brimY - 4);
		band.closePath();
		g.setPaint(new Color(0xc6, 0x28, 0x28));
		g.fill(band);

		// The top of the crown, seen slightly from above.
		g.setPaint(new Color(0x33, 0x33, 0x3d));
		g.fill(new Ellipse2D.Double(centre - crownWidth / 2 - 6, crownTop - 8, crownWidth + 12, 16));

		// The front lip of the brim, over the crown's foot.
		g.setPaint(new Color(0x0c, 0x0c, 0x10));
		g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
		g.draw(new Arc2D.Double(centre - 74, brimY - 11, 148, 22, 190, 160, Arc2D.OPEN));
		g.dispose();

		File out = new File(args.length > 0 ? args[0] : "hat.png");
		ImageIO.write(image, "png", out);
		System.out.println("Wrote " + out + " (" + out.length() + " bytes)");
	}
}
