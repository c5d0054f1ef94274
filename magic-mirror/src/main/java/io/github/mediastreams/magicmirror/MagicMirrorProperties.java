package io.github.mediastreams.magicmirror;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The hat, bound from {@code magic-mirror.*}: where the media server fetches it, and where it goes on each face.
 * @param hatUrl URL of the hat image as the media server reaches it (default: this app's /img/hat.png)
 * @param offsetXPercent left edge of the hat from the face's, in face widths
 * @param offsetYPercent top edge of the hat from the face's, in face heights
 * @param widthPercent width of the hat, in face widths
 * @param heightPercent height of the hat, in face heights
 */
@ConfigurationProperties("magic-mirror")
public record MagicMirrorProperties(URI hatUrl, @DefaultValue("-0.35") float offsetXPercent,
		@DefaultValue("-1.2") float offsetYPercent, @DefaultValue("1.6") float widthPercent,
		@DefaultValue("1.6") float heightPercent) {
}
