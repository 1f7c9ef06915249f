package io.fosfleet.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every configuration and status value of a berofos: the one table that the config.txt parser, the HTTP
 * client, the bnfos help text, the simulator and config-service's validation all read. Order is the
 * device's (and {@code bnfos --show}'s) order.
 */
public enum Key {
    SCENARIO("scenario", "1_sz", 1, "sz=%s", ValueType.BOOL, Access.READ_WRITE),
    MODE("mode", "4_mode", 4, "mode=%s", ValueType.BOOL, Access.READ_WRITE),
    MODEDEF("modedef", "1_rm", 1, "rm=%s", ValueType.BOOL, Access.READ_WRITE),
    POWER1("power1", "5_p0", 5, "p=0&s=%s", ValueType.BOOL, Access.READ_WRITE),
    POWER1DEF("power1def", "1_p0", 1, "p0=%s", ValueType.BOOL, Access.READ_WRITE),
    POWER2("power2", "5_p1", 5, "p=1&s=%s", ValueType.BOOL, Access.READ_WRITE),
    POWER2DEF("power2def", "1_p1", 1, "p1=%s", ValueType.BOOL, Access.READ_WRITE),
    HOSTNAME("hostname", "3_dn", 3, "dn=%s", ValueType.HOST, Access.READ_WRITE),
    ADDRESS("address", "3_ip", 3, "ip=%s", ValueType.IPV4, Access.READ_WRITE),
    NETMASK("netmask", "3_nm", 3, "nm=%s", ValueType.IPV4, Access.READ_WRITE),
    GATEWAY("gateway", "3_gw", 3, "gw=%s", ValueType.IPV4, Access.READ_WRITE),
    DNS("dns", "3_dns", 3, "dns=%s", ValueType.IPV4, Access.READ_WRITE),
    DHCP("dhcp", "3_dhcp", 3, "dhcp=%s", ValueType.BOOL, Access.READ_WRITE),
    PORT("port", "3_port", 3, "port=%s", ValueType.PORT, Access.READ_WRITE),
    PWD("pwd", "3_pwd", 3, "pwd=%s", ValueType.BOOL, Access.READ_WRITE),
    APWD("apwd", null, 3, "apwd=%s", ValueType.SECRET, Access.WRITE_ONLY),
    SMTPSERV("smtpserv", "2_mhost", 2, "mhost=%s", ValueType.TEXT, Access.READ_WRITE_WEB_ONLY),
    SMTPFROM("smtpfrom", "2_mfrom", 2, "mfrom=%s", ValueType.TEXT, Access.READ_WRITE_WEB_ONLY),
    SMTPTO("smtpto", "2_mto", 2, "mto=%s", ValueType.TEXT, Access.READ_WRITE_WEB_ONLY),
    SMTPTEST("smtptest", null, 7, null, ValueType.ACTION, Access.ACTION),
    SYSLOG("syslog", "3_log", 3, "syslog=%s", ValueType.BOOL, Access.READ_WRITE),
    SLGIP("slgip", "3_loghost", 3, "slgip=%s", ValueType.IPV4, Access.READ_WRITE),
    SLGPT("slgpt", "3_logport", 3, "slgpt=%s", ValueType.PORT, Access.READ_WRITE),
    WDOG("wdog", "6_wen", 6, "wen=%s", ValueType.BOOL, Access.READ_WRITE),
    WDOGDEF("wdogdef", "2_wen", 2, "wen=%s", ValueType.BOOL, Access.READ_WRITE),
    WDOGSTATE("wdogstate", "6_wstate", 6, "wstate=%s", ValueType.WDOG_STATE, Access.READ_ONLY_VIA_BNFOS),
    WDOGITIME("wdogitime", "2_wintv", 2, "wintv=%s", ValueType.PORT, Access.READ_WRITE),
    WDOGAUDIO("wdogaudio", "2_as", 2, "as=%s", ValueType.BOOL, Access.READ_WRITE),
    WDOGMAIL("wdogmail", "2_men", 2, "men=%s", ValueType.BOOL, Access.READ_WRITE),
    WDOGRTIME("wdogrtime", "0_wretv", 0, null, ValueType.COUNT, Access.READ_ONLY);

    /** Who may write a key, and how. */
    public enum Access {
        /** Read from config.txt, written with its set request (by bnfos too). */
        READ_WRITE,
        /** Read and written over HTTP, but the reference bnfos refuses to set it (the web page can). */
        READ_WRITE_WEB_ONLY,
        /** Readable; the device takes the set request (wstate=0 re-arms) but the reference bnfos refuses it. */
        READ_ONLY_VIA_BNFOS,
        /** Written, never shown in config.txt (the admin password). */
        WRITE_ONLY,
        /** A request without a value (send a test mail). */
        ACTION,
        /** Status only: no set request exists. */
        READ_ONLY
    }

    private static final Map<String, Key> BY_KEYWORD =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Key::keyword, Function.identity()));
    private static final Map<String, Key> BY_CONFIG_KEY = Arrays.stream(values())
            .filter(k -> k.configKey != null)
            .collect(Collectors.toUnmodifiableMap(Key::configKey, Function.identity()));

    private final String keyword;
    private final String configKey;
    private final int setCmd;
    private final String setParam;
    private final ValueType type;
    private final Access access;

    Key(String keyword, String configKey, int setCmd, String setParam, ValueType type, Access access) {
        this.keyword = keyword;
        this.configKey = configKey;
        this.setCmd = setCmd;
        this.setParam = setParam;
        this.type = type;
        this.access = access;
    }

    /** The bnfos keyword, e.g. {@code wdogitime}. */
    public String keyword() {
        return keyword;
    }

    /** The config.txt key, e.g. {@code 2_wintv}; null for keys config.txt does not show. */
    public String configKey() {
        return configKey;
    }

    /** The {@code cmd} number of the set request. */
    public int setCmd() {
        return setCmd;
    }

    /** The set request's parameter template with {@code %s} for the escaped value; null when none. */
    public String setParam() {
        return setParam;
    }

    public ValueType type() {
        return type;
    }

    public Access access() {
        return access;
    }

    /** Shown in config.txt (and by {@code bnfos --show}). */
    public boolean readable() {
        return configKey != null;
    }

    /** The device accepts a set request for this key (from its web page or our services). */
    public boolean writable() {
        return access != Access.READ_ONLY;
    }

    /** The reference {@code bnfos --set} accepts this key. */
    public boolean settableByBnfos() {
        return access == Access.READ_WRITE || access == Access.WRITE_ONLY;
    }

    /**
     * The running device's live state (relay, power ports, watchdog running or failed, its countdown), not its
     * configuration: it changes by command or by the device itself, never by reconciling desired settings, and it is
     * not kept across a power cycle.
     */
    public boolean runtime() {
        return switch (this) {
            case MODE, POWER1, POWER2, WDOG, WDOGSTATE, WDOGRTIME -> true;
            default -> false;
        };
    }

    /**
     * What the key means, in the reference {@code bnfos} tool's words: its help text and its key lists (cli's usage)
     * show exactly this.
     */
    public String help() {
        return switch (this) {
            case SCENARIO -> "scenario (0=fallback; 1=bypass)";
            case MODE -> "relais mode (0=A--D; 1=A--B or A--B,C--D)";
            case MODEDEF -> "default relais mode (0=A--D; 1=A--B or A--B,C--D)";
            case POWER1 -> "state of powerport 1 (0=off; 1=on)";
            case POWER1DEF -> "default state of powerport 1 (0=off; 1=on)";
            case POWER2 -> "state of powerport 2 (0=off; 1=on)";
            case POWER2DEF -> "default state of powerport 2 (0=off; 1=on)";
            case HOSTNAME -> "device hostname";
            case ADDRESS -> "ip address";
            case NETMASK -> "netmask address";
            case GATEWAY -> "gateway address";
            case DNS -> "dns server address";
            case DHCP -> "query dhcp server (0=off; 1=on)";
            case PORT -> "http listen port";
            case PWD -> "http password protection (0=off; 1=on)";
            case APWD -> "admin password";
            case SMTPSERV -> "smtp server";
            case SMTPFROM -> "smtp sender address";
            case SMTPTO -> "smtp destination address";
            case SMTPTEST -> "trigger testmail";
            case SYSLOG -> "syslog logging (0=off; 1=on)";
            case SLGIP -> "syslog server ip";
            case SLGPT -> "syslog server port";
            case WDOG -> "watchdog enable (0=off; 1=on)";
            case WDOGDEF -> "default watchdog enable (0=off; 1=on)";
            case WDOGSTATE -> "watchdog state (0=off; 1=on; 2=failure)";
            case WDOGITIME -> "watchdog intervall time";
            case WDOGAUDIO -> "watchdog audio alarm (0=off; 1=on)";
            case WDOGMAIL -> "watchdog alarm mails (0=off; 1=on)";
            case WDOGRTIME -> "watchdog remaining time to failure";
        };
    }


    /** Whether the value must be kept out of logs, events and API responses. */
    public boolean secret() {
        return type == ValueType.SECRET;
    }

    /** Checks an input value for this key and returns the canonical value (see {@link ValueType#normalize}). */
    public String normalize(String input) {
        if (!writable()) {
            throw new InvalidValueException(keyword, input, keyword + " is read only");
        }
        return type.normalize(keyword, input);
    }

    /**
     * The query of the set request for an already normalized value, e.g. {@code cmd=5&p=0&s=1}; the value is
     * URL-escaped.
     */
    public String setQuery(String normalizedValue) {
        if (!writable()) {
            throw new InvalidValueException(keyword, normalizedValue, keyword + " is read only");
        }
        if (setParam == null) {
            return "cmd=" + setCmd;
        }
        return "cmd=" + setCmd + "&" + String.format(setParam, UrlEscape.escape(normalizedValue));
    }

    public static Optional<Key> byKeyword(String keyword) {
        return Optional.ofNullable(BY_KEYWORD.get(keyword));
    }

    public static Optional<Key> byConfigKey(String configKey) {
        return Optional.ofNullable(BY_CONFIG_KEY.get(configKey));
    }
}
