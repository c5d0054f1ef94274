package io.github.mediastreams.magicmirror;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hat, bound from {@code magic-mirror.*}: where the media server loads it from, and where it goes on each face.
 * A file on the media server's host ({@code hat-path}) wins over a URL ({@code hat-url}): the media server reads a
 * local file at once, while it downloads a URL before it answers, holding up every request of this app meanwhile.
 *
 * @param hatUrl URL of the hat image as the media server reaches it (default: this app's /img/hat.png)
 * @param hatPath absolute path of the hat image on the media server's host, or {@code null} to use {@code hatUrl}
 * @param offsetXPercent left edge of the hat from the face's, in face widths
 * @param offsetYPercent top edge of the hat from the face's, in face heights
 * @param widthPercent width of the hat, in face widths
 * @param heightPercent height of the hat, in face heights
 */
@ConfigurationProperties("magic-mirror")
public record MagicMirrorProperties(URI hatUrl, String hatPath, @DefaultValue("-0.35") float offsetXPercent,
		@DefaultValue("-1.2") float offsetYPercent, @DefaultValue("1.6") float widthPercent,
		@DefaultValue("1.6") float heightPercent) {

	public MagicMirrorProperties {
		hatPath = (hatPath == null || hatPath.isBlank()) ? null : hatPath.trim();
		if (hatPath != null && !hatPath.startsWith("/")) {
			throw new IllegalArgumentException("magic-mirror.hat-path (MAGIC_MIRROR_HAT_PATH) must be an absolute "
					+ "path on the media server's host, such as /opt/media-streams/hat.png; got '" + hatPath + "'");
		}
		if (hatPath == null && (hatUrl == null || !("http".equals(hatUrl.getScheme())
				|| "https".equals(hatUrl.getScheme())))) {
			throw new IllegalArgumentException("magic-mirror.hat-url (MAGIC_MIRROR_HAT_URL) must be an http:// or "
					+ "https:// URL; for a file on the media server's host set magic-mirror.hat-path "
					+ "(MAGIC_MIRROR_HAT_PATH); got '" + hatUrl + "'");
		}
	}

	/** @return what the media server is given to load: the file path when there is one, else the URL */
	public String hatLocation() {
		return (this.hatPath != null) ? this.hatPath : this.hatUrl.toString();
	}
}
