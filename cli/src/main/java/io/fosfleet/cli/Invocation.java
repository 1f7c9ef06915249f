package io.fosfleet.cli;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.conf.BnfosConf;
import io.fosfleet.protocol.conf.BnfosConfException;
import io.fosfleet.protocol.gbl4.NetConf;
import io.fosfleet.protocol.http.HttpDeviceClient;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A bnfos command with every value checked and every default applied: what the device operations need.
 *
 * @param mac null when neither {@code -m} nor the conf section gives one
 * @param host the device, or the broadcast address when no host is given
 * @param login null when neither {@code -u} nor the conf section gives one
 * @param netConf what {@code --netconf} writes (defaults where options are missing)
 */
record Invocation(Mode mode, String modeArgument, MacAddress mac, InetAddress host, int httpPort, Credentials login,
        boolean loop, boolean detach, Duration waitTime, Duration timeout, boolean writeConf, Path confFile,
        NetConf netConf) {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(2);
    /** The largest -t, the reference tool's unsigned short. */
    private static final int MAX_SECONDS = 65535;

    /**
     * Checks the values in the reference tool's order and with its messages, then reads the conf section of
     * {@code -f}, whose values replace those of {@code -m}, {@code -h} and {@code -u}.
     *
     * @param commandLine a command with a mode and all its mandatory options
     * @param messages where "Loading config for: …" goes
     */
    static Invocation from(CommandLine commandLine, Path confFile, Messages messages) throws CliFailure {
        MacAddress mac = null;
        InetAddress host = Ipv4Address.BROADCAST.toInetAddress();
        Ipv4Address address = Ipv4Address.ANY;
        Ipv4Address netmask = null;
        Ipv4Address gateway = Ipv4Address.ANY;
        int phy = NetConf.PHY_PROBE_AUTO;
        int options = NetConf.OPT_DHCP;
        int httpPort = HttpDeviceClient.DEFAULT_PORT;
        Credentials login = null;
        Duration wait = DEFAULT_WAIT;
        Duration timeout = DEFAULT_TIMEOUT;
        for (ShortOption option : ShortOption.values()) {
            String value = commandLine.value(option);
            if (value == null) {
                continue;
            }
            switch (option) {
                case MAC -> mac = mac(value);
                case HOST -> host = host(value);
                case IP -> address = address(value, "Invalid ip address!\n");
                case NETMASK -> netmask = address(value, "Invalid netmask address!\n");
                case GATEWAY -> gateway = address(value, "Invalid gateway address!\n");
                case PHY -> phy = switch (number(value, 0, 3, "PHY configuration has invalid value!\n")) {
                    case 1 -> NetConf.PHY_PROBE_10MBIT;
                    case 2 -> NetConf.PHY_PROBE_100MBIT;
                    default -> NetConf.PHY_PROBE_AUTO;
                };
                case DHCP -> options = number(value, 0, 1, "DHCP status has invalid value!\n") == 1
                        ? options | NetConf.OPT_DHCP : options & ~NetConf.OPT_DHCP;
                case HTTP_AUTH -> options = number(value, 0, 1, "HTTP_AUTH status has invalid value!\n") == 1
                        ? options | NetConf.OPT_HTTP_AUTH : options & ~NetConf.OPT_HTTP_AUTH;
                case PORT -> httpPort = number(value, 1, 65535, "Port has invalid value!\n");
                case LOGIN -> login = login(value);
                case WAIT -> wait = Duration.ofSeconds(number(value, 0, Integer.MAX_VALUE,
                        "Wait time has invalid value!\n"));
                // Our clients need a positive timeout; the reference tool's 0 meant "do not wait" for GBL4 and
                // "wait forever" for HTTP.
                case TIMEOUT -> timeout = Duration.ofSeconds(number(value, 1, MAX_SECONDS,
                        "Timeout has invalid value!\n"));
                default -> {
                    // Flags, and -f which is read last.
                }
            }
        }
        String section = commandLine.value(ShortOption.CONF_SECTION);
        if (section != null) {
            messages.notice("Loading config for: " + section + "\n");
            BnfosConf.Device device = confSection(confFile, section);
            if (device.mac() != null) {
                mac = device.mac();
            }
            if (device.host() != null) {
                host = host(device.host());
            }
            if (device.login() != null) {
                login = device.login();
            }
            // -f stands in for -m (and -h): the section must give what the mode needs.
            if (mac == null && ShortOption.MAC.occurrence(commandLine.mode()) != ShortOption.Occurrence.FORBIDDEN) {
                throw new CliFailure("No mac address for device " + section + " found!\n");
            }
            if (commandLine.mode().usesHttp() && host.equals(Ipv4Address.BROADCAST.toInetAddress())) {
                throw new CliFailure("No host for device " + section + " found!\n");
            }
        }
        NetConf netConf = new NetConf(address, netmask != null ? netmask : address.classfulNetmask(), gateway, phy,
                options, httpPort);
        return new Invocation(commandLine.mode(), commandLine.modeArgument(), mac, host, httpPort, login,
                commandLine.has(ShortOption.CONTINUOUS), commandLine.has(ShortOption.BACKGROUND), wait, timeout,
                commandLine.has(ShortOption.WRITE_CONF), confFile, netConf);
    }

    /** The reference tool's "Mandatory arguments missing" check; nothing when the command is complete. */
    static void requireMandatory(CommandLine commandLine, Path confFile) throws CliFailure {
        String missing = Usage.missingArguments(commandLine.mode(), commandLine.options(), confFile);
        if (!missing.isEmpty()) {
            throw new CliFailure(missing);
        }
    }

    /** Exactly XX:XX:XX:XX:XX:XX; like the reference tool, says from which octet on the notation is wrong. */
    static MacAddress mac(String text) throws CliFailure {
        String expecting = "expecting XX:XX:XX:XX:XX:XX notation!\n";
        if (text.length() != 17) {
            throw new CliFailure("Invalid mac address format, " + expecting);
        }
        try {
            return MacAddress.parse(text);
        } catch (InvalidValueException e) {
            int octet = 0;
            while (octet < 5 && isHexOctet(text, octet) && text.charAt(octet * 3 + 2) == ':') {
                octet++;
            }
            throw new CliFailure("Invalid mac address format at '" + text.substring(octet * 3) + "', " + expecting);
        }
    }

    private static boolean isHexOctet(String text, int octet) {
        return Character.digit(text.charAt(octet * 3), 16) >= 0 && Character.digit(text.charAt(octet * 3 + 1), 16) >= 0;
    }

    /** A dotted IPv4 address, or a host name resolved to its first IPv4 address. */
    static InetAddress host(String text) throws CliFailure {
        try {
            return Ipv4Address.parse(text).toInetAddress();
        } catch (InvalidValueException notAnAddress) {
            // A host name, then.
        }
        try {
            // A blank name would resolve to the loopback address.
            for (InetAddress a : text.isBlank() ? new InetAddress[0] : InetAddress.getAllByName(text)) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        } catch (UnknownHostException e) {
            // Not resolvable: said below, as for a name with IPv6 addresses only.
        }
        throw new CliFailure("Could not resolve hostname!\n");
    }

    private static Ipv4Address address(String text, String invalid) throws CliFailure {
        try {
            return Ipv4Address.parse(text);
        } catch (InvalidValueException e) {
            throw new CliFailure(invalid);
        }
    }

    /** A decimal number from {@code min} to {@code max}, digits only (the reference tool's atoi read "5s" as 5). */
    private static int number(String text, int min, int max, String invalid) throws CliFailure {
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            throw new CliFailure(invalid);
        }
        return Integer.parseInt(text);
    }

    /** {@code user:password}; a bare user name has an empty password, as curl reads it. */
    private static Credentials login(String text) throws CliFailure {
        try {
            return Credentials.parse(text.indexOf(':') < 0 ? text + ":" : text);
        } catch (InvalidValueException e) {
            throw new CliFailure("Invalid authentification data, expecting <username>:<password> notation!\n");
        }
    }

    private static BnfosConf.Device confSection(Path confFile, String section) throws CliFailure {
        BnfosConf conf;
        try {
            conf = BnfosConf.read(confFile);
        } catch (IOException e) {
            throw new CliFailure("Could not open " + confFile + ": " + SystemErrors.describe(e) + "\n");
        } catch (BnfosConfException e) {
            throw new CliFailure("Syntax error in " + confFile + " at line " + e.lineNumber() + ": " + e.problem()
                    + "\n");
        }
        return conf.device(section)
                .filter(d -> d.mac() != null || d.host() != null || d.login() != null)
                .orElseThrow(() -> new CliFailure("No configuration for device " + section + " found!\n"));
    }
}
