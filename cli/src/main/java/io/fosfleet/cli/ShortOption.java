package io.fosfleet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one-letter options of bnfos, in the reference tool's table order: its usage text, its "Mandatory arguments
 * missing" text and the order in which values are checked all follow this order.
 */
enum ShortOption {
    // Occurrence per mode, one digit per Mode in declaration order (scan netconf ping kick reset flash set get show).
    MAC('m', "mac", "mac address of the device (notation: XX:XX:XX:XX:XX:XX)", Group.GENERAL, "033333000"),
    HOST('h', "host", "hostname or ip address of the device (default: 255.255.255.255)", Group.GENERAL, "244443333"),
    IP('i', "ip", "ip address (default: 0.0.0.0)", Group.NETCONF, "020000000"),
    NETMASK('n', "netmask", "netmask address", Group.NETCONF, "020000000"),
    GATEWAY('g', "gateway", "gateway address (default: 0.0.0.0)", Group.NETCONF, "020000000"),
    PHY('e', "phy", "ethernet phy configuration (values: 0=auto; 1=10mbit; 2=100mbit; default: 0)", Group.NETCONF,
            "020000000"),
    DHCP('d', "status", "enable dhcp (1=on; 0=off; default: 1)", Group.NETCONF, "020000000"),
    HTTP_AUTH('a', "status", "enable http auth (1=on; 0=off; default: 0)", Group.NETCONF, "020000000"),
    PORT('p', "port", "http port (default: 80)", Group.BOTH, "020000222"),
    LOGIN('u', "usrpwd", "authentification data (notation: <username>:<password>)", Group.GENERAL, "000000222"),
    CONTINUOUS('c', null, "continuous operation", Group.GENERAL, "202200022"),
    BACKGROUND('b', null, "fork to background (implies -s)", Group.GENERAL, "000200000"),
    WAIT('w', "time", "wait 'time' seconds between continuous operations (default: 2)", Group.GENERAL, "202200022"),
    TIMEOUT('t', "sec", "timeout in seconds (default: 3)", Group.GENERAL, "222202222"),
    SYSLOG('s', null, "enable syslog output", Group.GENERAL, "222222222"),
    WRITE_CONF('x', null, "write scan results to %s", Group.GENERAL, "200000000"),
    CONF_SECTION('f', "id", "load mac and/or ip address from %s", Group.GENERAL, "055555555");

    /** Whether an option may, must or must not be given in a mode. */
    enum Occurrence {
        FORBIDDEN,
        REQUIRED,
        ALLOWED,
        /** Required unless the mode's alternative ({@code -f}) is given. */
        REQUIRED_OR_ALTERNATIVE,
        /** Allowed; shown in the usage text beside the alternative. */
        ALLOWED_OR_ALTERNATIVE,
        /** Replaces the options that are required or allowed "or alternative". */
        ALTERNATIVE
    }

    /** The usage text lists the general options, then the netconf ones with the prefix "configure ". */
    enum Group {
        GENERAL(true, false),
        NETCONF(false, true),
        BOTH(true, true);

        private final boolean general;
        private final boolean netconf;

        Group(boolean general, boolean netconf) {
            this.general = general;
            this.netconf = netconf;
        }

        boolean in(Section section) {
            return section == Section.GENERAL ? general : netconf;
        }
    }

    /** A part of the usage text's argument list. */
    enum Section {
        GENERAL(""),
        NETCONF("configure ");

        private final String prefix;

        Section(String prefix) {
            this.prefix = prefix;
        }

        String prefix() {
            return prefix;
        }
    }

    private final char letter;
    private final String argumentName;
    private final String description;
    private final Group group;
    private final Occurrence[] occurrence;

    ShortOption(char letter, String argumentName, String description, Group group, String occurrencePerMode) {
        this.letter = letter;
        this.argumentName = argumentName;
        this.description = description;
        this.group = group;
        this.occurrence = occurrencePerMode.chars().mapToObj(c -> Occurrence.values()[c - '0'])
                .toArray(Occurrence[]::new);
    }

    static Optional<ShortOption> of(char letter) {
        return Arrays.stream(values()).filter(o -> o.letter == letter).findFirst();
    }

    char letter() {
        return letter;
    }

    boolean takesArgument() {
        return argumentName != null;
    }

    /** How the usage text names the option's value; null for a flag. */
    String argumentName() {
        return argumentName;
    }

    /** The help text; options about the conf file name it. */
    String description(Path confFile) {
        return description.formatted(confFile);
    }

    Group group() {
        return group;
    }

    Occurrence occurrence(Mode mode) {
        return occurrence[mode.ordinal()];
    }

    /** {@code -m <mac>} or {@code -c} followed by a tab, as the reference tool's lists start a line. */
    String synopsis() {
        return "-" + letter + (argumentName == null ? "\t" : " <" + argumentName + ">");
    }

    /** The option that may replace the "or alternative" ones in a mode, if any. */
    static Optional<ShortOption> alternative(Mode mode) {
        return Arrays.stream(values()).filter(o -> o.occurrence(mode) == Occurrence.ALTERNATIVE).findFirst();
    }
}
