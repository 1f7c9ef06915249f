package io.fosfleet.config.problem;

/**
 * The size limit of every input the API takes, in one place: the README's limits table lists them, the checks in
 * {@link Inputs} enforce them where a request enters, and the database columns (Flyway migrations) are at least this
 * wide, so no value is ever refused by the database instead of by the API.
 */
public final class Limits {

    /** Inventory ids (devices, nodes, pairs): the events' device id rule. */
    public static final int ID = io.fosfleet.events.Limits.ID;
    /** Names of devices and nodes, credential names. */
    public static final int LABEL = 100;
    /** Sites and racks; a site is also part of an audit target ({@code site:<name>}). */
    public static final int SITE = 64;
    /** Host names (RFC 1035 total length); the key table's host rule is stricter for devices. */
    public static final int HOST = io.fosfleet.events.Limits.HOST;
    /** Reasons of commands, maintenance and removals: what a command record carries. */
    public static final int REASON = io.fosfleet.events.Limits.REASON;
    /** An HTTP probe's request path. */
    public static final int PATH = 256;
    /** Health probes of one node. */
    public static final int PROBES = 8;
    /** A command's parameters, and a FLASH command's firmware name. */
    public static final int PARAMETER = 255;
    /** Desired settings in one request (there are fewer settable keys than this). */
    public static final int SETTINGS = 100;
    /** Entries of each list in a gRPC event filter. */
    public static final int FILTER_ENTRIES = 100;
    /** A query parameter's text (filters such as {@code actor}, {@code action}). */
    public static final int QUERY_TEXT = 100;
    /** Sections of one imported file. */
    public static final int IMPORT_SECTIONS = 50_000;
    /** Characters of one imported file (about 100 per section). */
    public static final int IMPORT_CHARS = 5_000_000;
    /** How much of a refused value an error message quotes. */
    static final int QUOTED = 40;

    private Limits() {
    }
}
