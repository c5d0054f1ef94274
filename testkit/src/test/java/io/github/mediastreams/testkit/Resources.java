package io.github.mediastreams.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test resources. */
final class Resources {

  private Resources() {
  }

  static String text(String path) {
    try (InputStream in = Resources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("No resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Chromium offer of the recordings, with the CRLF line ends SDP requires. */
  static String chromiumOffer() {
    return text("/kms-transcripts/chromium-offer.sdp").replace("\r\n", "\n").replace("\n", "\r\n");
  }
}
