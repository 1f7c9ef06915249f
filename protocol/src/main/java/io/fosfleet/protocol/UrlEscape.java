package io.fosfleet.protocol;

import java.nio.charset.StandardCharsets;

/** Percent-encoding as curl_easy_escape does it: everything but ALPHA, DIGIT and {@code -._~} is escaped. */
final class UrlEscape {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEscape() {
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
