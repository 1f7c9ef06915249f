package io.fosfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The device reads every set request the key table builds back into that key and value. */
class SetRequestTest {

    @Test
    void everyWritableKeysSetQueryMapsBackToTheKey() {
        for (Key key : Key.values()) {
            if (!key.writable()) {
                continue;
            }
            String value = switch (key.type()) {
                case BOOL -> "1";
                case HOST -> "fos-1";
                case IPV4 -> "10.0.0.5";
                case PORT -> "8080";
                case SECRET -> "p a&ss=w";
                case TEXT -> "a b&c@d";
                case WDOG_STATE -> "2";
                case ACTION -> "";
                case COUNT -> throw new AssertionError(key + " should not be writable");
            };
            assertThat(SetRequest.parse(params(key.setQuery(value)))).as(key.keyword())
                    .isEqualTo(Map.of(key, value));
        }
    }

    @Test
    void aFormSendsSeveralKeysOfOneCmdAndAnEmptyPasswordIsNoChange() {
        assertThat(SetRequest.parse(params("cmd=1&rm=1&p0=0&p1=yes"))).isEqualTo(Map.of(Key.MODEDEF, "1",
                Key.POWER1DEF, "0", Key.POWER2DEF, "1"));
        assertThat(SetRequest.parse(params("cmd=3&dn=x&apwd="))).isEqualTo(Map.of(Key.HOSTNAME, "x"));
        assertThat(SetRequest.parse(params("cmd=2&wen=1"))).isEqualTo(Map.of(Key.WDOGDEF, "1"));
        assertThat(SetRequest.parse(params("cmd=6&wen=1"))).isEqualTo(Map.of(Key.WDOG, "1"));
    }

    @Test
    void unknownParametersAndCommandsAreRefusedWithoutEchoingTheValue() {
        assertThatThrownBy(() -> SetRequest.parse(params("cmd=2&apwd=topsecret")))
                .isInstanceOf(InvalidValueException.class).hasMessageNotContaining("topsecret")
                .hasMessageContaining("apwd");
        assertThatThrownBy(() -> SetRequest.parse(params("cmd=0&wretv=3"))).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> SetRequest.parse(params("cmd=5&p=0"))).isInstanceOf(InvalidValueException.class);
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] nv = pair.split("=", 2);
            params.put(URLDecoder.decode(nv[0], StandardCharsets.UTF_8),
                    nv.length < 2 ? "" : URLDecoder.decode(nv[1], StandardCharsets.UTF_8));
        }
        return params;
    }
}
