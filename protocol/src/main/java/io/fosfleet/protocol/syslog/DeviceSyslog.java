package io.fosfleet.protocol.syslog;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the syslog datagrams a berofos sends. The device's text is {@code berofos:<code>: <text>}; we
 * send it behind an RFC 3164 priority ({@code <13>}, user.notice) and accept it with or without any syslog header.
 */
public final class DeviceSyslog {

    /** user.notice, the priority the simulator puts in front of the device's text. */
    public static final int PRIORITY = 13;

    private static final Pattern MESSAGE = Pattern.compile("berofos:(\\d{2}): (.*?)\\s*$");

    private DeviceSyslog() {
    }

    /** The datagram for a message: {@code <13>berofos:NN: text}. */
    public static byte[] datagram(SyslogCode code) {
        return ("<" + PRIORITY + ">" + code.message()).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses a received datagram.
     *
     * @throws SyslogParseException when it is not a berofos message or names an unknown code
     */
    public static SyslogCode parse(byte[] datagram, int length) throws SyslogParseException {
        return parse(new String(datagram, 0, length, StandardCharsets.US_ASCII));
    }

    public static SyslogCode parse(String text) throws SyslogParseException {
        Matcher m = MESSAGE.matcher(text);
        if (!m.find()) {
            throw new SyslogParseException("not a berofos syslog message: '" + abbreviate(text) + "'");
        }
        int code = Integer.parseInt(m.group(1));
        SyslogCode known = SyslogCode.byCode(code).orElseThrow(
                () -> new SyslogParseException("unknown berofos syslog code " + m.group(1) + ": '" + abbreviate(text) + "'"));
        if (!known.text().equals(m.group(2))) {
            throw new SyslogParseException("berofos syslog code " + m.group(1) + " should read '" + known.text()
                    + "', got '" + abbreviate(m.group(2)) + "'");
        }
        return known;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 120 ? printable.substring(0, 120) + "…" : printable;
    }
}
