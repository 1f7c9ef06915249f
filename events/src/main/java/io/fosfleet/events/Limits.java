package io.fosfleet.events;

/**
 * The documented maximum length of every string a record carries (README "Bounded sizes"): records refuse longer
 * values, and a writer that builds text from outside data (a device's answer, a probe's error) clips it with
 * {@link #clip} first, so that it never fails to publish.
 */
public final class Limits {

    /** Identifiers such as a pair id: as long as a device id. */
    public static final int ID = 64;
    /** Names, labels and who-did-it fields: {@code source}, {@code requestedBy}, {@code name}, {@code site}, … */
    public static final int NAME = 100;
    /** A host name or address (the longest DNS name). */
    public static final int HOST = 253;
    /** A MAC address as {@code XX:XX:XX:XX:XX:XX}. */
    public static final int MAC = 17;
    /** An HTTP request path. */
    public static final int PATH = 2048;
    /** A command's reason, for the audit log. */
    public static final int REASON = 500;
    /** A file name, e.g. a FLASH command's {@code firmware} image in device-gateway's firmware directory. */
    public static final int FILE_NAME = 255;
    /** One line for people: an event's or a result's {@code message}, an alert's subject. */
    public static final int LINE = 1000;
    /** An alert's text: a notification that may report many grouped events. */
    public static final int TEXT = 256 * 1024;
    /** A map key, e.g. a bnfos keyword or {@code dev3.address} in a scan result. */
    public static final int KEY = 128;
    /** A map value, e.g. a device setting read from its {@code config.txt}. */
    public static final int VALUE = 1000;
    /** Entries of a map or a list: a scan of a /22 reports 8 entries for each of up to 1024 devices. */
    public static final int ENTRIES = 10_000;

    /** The marker at the end of a clipped value. */
    public static final String CLIPPED = "…";

    private Limits() {
    }

    /** The value itself when it fits, else its start and {@link #CLIPPED}, {@code max} characters in all. */
    public static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - CLIPPED.length()) + CLIPPED;
    }
}
