package io.fosfleet.protocol;

import java.util.Locale;

/** The kinds of value a berofos key holds, each with the reference tool's input rules (and a stricter address check). */
public enum ValueType {
    /** 0 or 1; input yes/y/true/1 and no/n/false/0 in any case; config.txt also says {@code checked} for true. */
    BOOL("0 or 1 (also yes/no, y/n, true/false)", 7),
    /** A device host name. */
    HOST("a host name: letters, digits, '-' and '.', at most 63 characters", 63),
    /** A dotted-quad IPv4 address. */
    IPV4("an IPv4 address such as 10.0.0.5", 15),
    /** A number 1..65535 (ports, watchdog interval). */
    PORT("a number from 1 to 65535", 5),
    /** The admin password: written, never read. */
    SECRET("at most 15 characters", 15),
    /** Free text (mail settings). */
    TEXT("text without line breaks, at most 63 characters", 63),
    /** Watchdog state 0 off, 1 on, 2 failure. */
    WDOG_STATE("0 (off), 1 (on) or 2 (failure)", 1),
    /** A non-negative count (seconds left). */
    COUNT("a non-negative number", 9),
    /** No value: the request is the action (send a test mail). */
    ACTION("no value", 0);

    /** Ends a value from config.txt that was longer than its type allows, after the part that was kept. */
    public static final String TRUNCATED = "…[truncated]";

    private final String allowed;
    private final int maxLength;

    ValueType(String allowed, int maxLength) {
        this.allowed = allowed;
        this.maxLength = maxLength;
    }

    /**
     * The longest value a device holds for this type (the device manual's limits; {@code checked} for a boolean in
     * config.txt): a longer one read from a device is cut to this length and marked {@link #TRUNCATED}.
     */
    public int maxLength() {
        return maxLength;
    }

    /** What values are allowed, for error messages and help texts. */
    public String allowed() {
        return allowed;
    }

    /**
     * Checks an operator's input and returns the canonical value to send to the device.
     *
     * @throws InvalidValueException naming the field, the value and what is allowed
     */
    public String normalize(String field, String input) {
        if (input == null) {
            throw new InvalidValueException(field, null, allowed);
        }
        switch (this) {
            case BOOL -> {
                String v = input.toLowerCase(Locale.ROOT);
                if (v.equals("1") || v.equals("yes") || v.equals("y") || v.equals("true")) {
                    return "1";
                }
                if (v.equals("0") || v.equals("no") || v.equals("n") || v.equals("false")) {
                    return "0";
                }
            }
            case HOST -> {
                if (!input.isEmpty() && input.length() <= 63 && input.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                    return input;
                }
            }
            case IPV4 -> {
                try {
                    return Ipv4Address.parse(input).toString();
                } catch (InvalidValueException e) {
                    throw new InvalidValueException(field, input, allowed);
                }
            }
            case PORT -> {
                if (input.matches("[0-9]{1,5}")) {
                    int v = Integer.parseInt(input);
                    if (v >= 1 && v <= 65535) {
                        return Integer.toString(v);
                    }
                }
            }
            case SECRET -> {
                if (!input.isEmpty() && input.length() <= 15 && input.chars().noneMatch(Character::isISOControl)) {
                    return input;
                }
            }
            case TEXT -> {
                if (input.length() <= 63 && input.chars().noneMatch(Character::isISOControl)) {
                    return input;
                }
            }
            case WDOG_STATE -> {
                if (input.equals("0") || input.equals("1") || input.equals("2")) {
                    return input;
                }
            }
            case COUNT -> {
                if (input.matches("[0-9]{1,9}")) {
                    return Integer.toString(Integer.parseInt(input));
                }
            }
            case ACTION -> {
                return "";
            }
        }
        throw new InvalidValueException(field, SECRET == this ? "(hidden)" : input, allowed);
    }

    /**
     * Reads a value as the device writes it in config.txt ({@code 1} or {@code checked} is true for booleans); a value
     * longer than {@link #maxLength()} keeps its first {@code maxLength} characters followed by {@link #TRUNCATED}.
     */
    public String fromConfigTxt(String raw) {
        if (this == BOOL) {
            return raw.equals("1") || raw.equals("checked") ? "1" : "0";
        }
        return raw.length() > maxLength ? raw.substring(0, maxLength) + TRUNCATED : raw;
    }
}
