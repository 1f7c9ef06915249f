package io.fosfleet.alert.support;

import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses syslog messages strictly by RFC 5424 and RFC 3164, failing the test on the first deviation. */
public final class StrictSyslog {

    /** The parts a test asserts on. */
    public record Parsed(int facility, int severity, String hostname, String appName, String msgId,
                         String structuredData, String msg) {
    }

    private static final Pattern RFC5424 = Pattern.compile(
            "<(\\d{1,3})>1 (\\S+) ([\\x21-\\x7e]{1,255}) ([\\x21-\\x7e]{1,48}) ([\\x21-\\x7e]{1,128}) ([\\x21-\\x7e]{1,32}) "
                    + "(-|(?:\\[[^\\s=\\]\"]{1,32}(?: [^\\s=\\]\"]{1,32}=\"(?:[^\"\\\\\\]]|\\\\[\"\\\\\\]])*\")*\\])+)(?: (.*))?",
            Pattern.DOTALL);
    private static final Pattern RFC3164 = Pattern.compile(
            "<(\\d{1,3})>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ 1-3]\\d) ([0-2]\\d:[0-5]\\d:[0-5]\\d) "
                    + "([\\x21-\\x7e]+) ([A-Za-z0-9]{1,32})((?:\\[\\d+\\])?:.*)", Pattern.DOTALL);

    private StrictSyslog() {
    }

    public static Parsed rfc5424(String text) {
        Matcher m = RFC5424.matcher(text);
        if (!m.matches()) {
            throw new AssertionError("not RFC 5424: " + text);
        }
        int pri = pri(m.group(1), text);
        OffsetDateTime.parse(m.group(2));  // throws on anything but an RFC 3339 timestamp
        return new Parsed(pri / 8, pri % 8, m.group(3), m.group(4), m.group(6), m.group(7),
                m.group(8) == null ? "" : m.group(8));
    }

    public static Parsed rfc3164(String text) {
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw new AssertionError("RFC 3164 allows at most 1024 bytes: " + text);
        }
        if (!text.chars().allMatch(c -> c >= 0x20 && c <= 0x7e || c == '<' || c == '>')) {
            throw new AssertionError("RFC 3164 is printable ASCII: " + text);
        }
        Matcher m = RFC3164.matcher(text);
        if (!m.matches()) {
            throw new AssertionError("not RFC 3164: " + text);
        }
        int pri = pri(m.group(1), text);
        return new Parsed(pri / 8, pri % 8, m.group(5), m.group(6), null, null, m.group(6) + m.group(7));
    }

    private static int pri(String digits, String text) {
        int pri = Integer.parseInt(digits);
        if (pri > 191 || (digits.length() > 1 && digits.startsWith("0"))) {
            throw new AssertionError("bad PRI " + digits + " in " + text);
        }
        return pri;
    }
}
