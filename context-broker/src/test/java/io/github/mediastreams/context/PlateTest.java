package io.github.mediastreams.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class PlateTest {

    @Test
    void dropsThePlaceholdersKmsWritesForUnreadCharacters() {
        // Both as KMS 7.3 sent them: the recorded PlateDetected event and the tutorial's output.
        assertThat(new Plate("--2748DKR").normalized()).isEqualTo("2748DKR");
        assertThat(new Plate("--8886AJR").normalized()).isEqualTo("8886AJR");
    }

    @Test
    void keepsTheTextAsReadForPeople() {
        assertThat(new Plate("--2748DKR").raw()).isEqualTo("--2748DKR");
    }

    @Test
    void dropsPlaceholdersAnywhereAndSurroundingBlanks() {
        assertThat(new Plate(" 27-8DKR- ").normalized()).isEqualTo("278DKR");
        assertThat(new Plate("2748DKR").normalized()).isEqualTo("2748DKR");
    }

    @Test
    void aPlateOfOnlyPlaceholdersWasNotRead() {
        assertThat(new Plate("---------").isUnread()).isTrue();
        assertThat(new Plate("---------").normalized()).isEmpty();
        assertThat(new Plate("--2748DKR").isUnread()).isFalse();
    }

    @Test
    void needsText() {
        assertThatNullPointerException().isThrownBy(() -> new Plate(null));
    }
}
