package io.fosfleet.events;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceIdTest {

    private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

    @Test
    void acceptsLettersDigitsDotUnderscoreAndDash() {
        assertThat(DeviceId.of("fos-Rack7.u12_b").value()).isEqualTo("fos-Rack7.u12_b");
        assertThat(DeviceId.of("7").toString()).isEqualTo("7");
        assertThat(DeviceId.of(ALLOWED.substring(0, 64)).value()).hasSize(64);
        assertThat(DeviceId.of(ALLOWED.substring(1)).value()).hasSize(64);
    }

    @Test
    void everyCharacterIsAcceptedExactlyWhenItIsAllowed() {
        IntStream.rangeClosed(Character.MIN_VALUE, Character.MAX_VALUE).forEach(c -> {
            String value = "fos" + (char) c;
            if (ALLOWED.indexOf(c) >= 0) {
                assertThat(DeviceId.of(value).value()).isEqualTo(value);
            } else {
                assertThatThrownBy(() -> DeviceId.of(value)).as("character %04x", c)
                        .isInstanceOf(InvalidFieldException.class)
                        .hasMessageContaining(" at position 4;");
            }
        });
    }

    @Test
    void everyLengthFrom1To64IsAcceptedAndNoLongerOne() {
        IntStream.rangeClosed(1, 64).forEach(n -> assertThat(DeviceId.of("x".repeat(n)).value()).hasSize(n));
        IntStream.rangeClosed(65, 300).forEach(n -> assertThatThrownBy(() -> DeviceId.of("x".repeat(n)))
                .hasMessage("deviceId: \"" + "x".repeat(n) + "\" has " + n + " characters, at most 64 allowed"));
    }

    @Test
    void refusesAnEmptyOrMissingId() {
        assertThatThrownBy(() -> DeviceId.of(""))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("deviceId: is empty; use 1 to 64 of letters A-Z a-z, digits 0-9, '.', '_' and '-'");
        assertThatThrownBy(() -> DeviceId.of(null)).isInstanceOf(InvalidFieldException.class)
                .extracting(e -> ((InvalidFieldException) e).field()).isEqualTo("deviceId");
    }

    @Test
    void namesTheFirstForbiddenCharacterAndItsPosition() {
        assertThatThrownBy(() -> DeviceId.of("rack7/u12 b"))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessage("deviceId: \"rack7/u12 b\" contains '/' at position 6;"
                        + " allowed are letters A-Z a-z, digits 0-9, '.', '_' and '-'");
        assertThatThrownBy(() -> DeviceId.of("gerät")).hasMessageContaining("contains 'ä' at position 4");
    }
}
