package io.fosfleet.events;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.ValueType;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link DeviceCommand} orders, typed: one record per {@link DeviceCommand.Type}, holding that type's
 * parameters, checked here once. A record's parameter names are spelled only in the record; on the wire the command
 * travels as today, {@code type} plus a string map {@code parameters} ({@link #parameters()}, read back by
 * {@link #read}), so records written before these types existed still read, and an older reader reads new ones.
 * A bad parameter is an {@link InvalidFieldException} naming {@code parameters.<name>} and what is allowed.
 *
 * <p>Handlers take the commands through {@link Handler}: adding a record adds a method there, so every handler that
 * must learn about it stops compiling until it does.
 */
public sealed interface Command {

    DeviceCommand.Type type();

    /** The parameters as they travel in {@link DeviceCommand#parameters()}: canonical values by name. */
    Map<String, String> parameters();

    <R> R accept(Handler<R> handler);

    /** The audit log must say why: the command moves a relay, a power port, the watchdog or the network. */
    default boolean needsReason() {
        return type().needsReason();
    }

    /** Destroys the device's firmware or settings, so it runs only with {@code confirm = true}. */
    default boolean needsConfirmation() {
        return type().needsConfirmation();
    }

    /** The typed command of a type and its parameters. */
    static Command read(DeviceCommand.Type type, Map<String, String> parameters) {
        Objects.requireNonNull(type, "type");
        CommandParameters p = new CommandParameters(parameters);
        Command command = switch (type) {
            case SWITCH_RELAY -> SwitchRelay.read(p);
            case SET_POWER -> SetPower.read(p);
            case WATCHDOG_ENABLE -> new WatchdogEnable();
            case WATCHDOG_DISABLE -> new WatchdogDisable();
            case WATCHDOG_REARM -> new WatchdogRearm();
            case SET_KEY -> SetKey.read(p);
            case KICK -> new Kick();
            case PING -> new Ping();
            case TEST_MAIL -> new TestMail();
            case NETCONF -> Netconf.read(p);
            case FLASH -> Flash.read(p);
            case RESET -> new Reset();
            case SCAN -> Scan.read(p);
        };
        p.done();
        return command;
    }

    /** One method per command: whoever carries out or describes commands handles every one of them. */
    interface Handler<R> {
        R switchRelay(SwitchRelay command);

        R setPower(SetPower command);

        R watchdogEnable(WatchdogEnable command);

        R watchdogDisable(WatchdogDisable command);

        R watchdogRearm(WatchdogRearm command);

        R setKey(SetKey command);

        R kick(Kick command);

        R ping(Ping command);

        R testMail(TestMail command);

        R netconf(Netconf command);

        R flash(Flash command);

        R reset(Reset command);

        R scan(Scan command);
    }

    /** Moves the relay: {@code mode} 0 connects A–D (the secondary), 1 A–B (the primary). */
    record SwitchRelay(RelayMode mode) implements Command {
        public static final String MODE = "mode";

        public SwitchRelay {
            Fields.required(mode, "parameters." + MODE);
        }

        static SwitchRelay read(CommandParameters p) {
            return new SwitchRelay(RelayMode.fromWire(p.required(MODE, Key.MODE).equals("1")));
        }

        public DeviceCommand.Type type() {
            return DeviceCommand.Type.SWITCH_RELAY;
        }

        public Map<String, String> parameters() {
            return Map.of(MODE, Integer.toString(mode.wireValue()));
        }

        public <R> R accept(Handler<R> handler) {
            return handler.switchRelay(this);
        }
    }

    /** Switches power port {@code port} (1 or 2) {@code on} or off. */
    record SetPower(int port, boolean on) implements Command {
        public static final String PORT = "port";
        public static final String ON = "on";
        private static final String PORTS = "1 or 2";

        public SetPower {
            if (port != 1 && port != 2) {
                throw CommandParameters.invalid(PORT, "'" + port + "' is not a port", PORTS);
            }
        }

        static SetPower read(CommandParameters p) {
            String port = p.required(PORT, PORTS);
            if (!port.equals("1") && !port.equals("2")) {
                throw CommandParameters.invalid(PORT, CommandParameters.quote(port) + " is not a port", PORTS);
            }
            return new SetPower(Integer.parseInt(port), p.required(ON, Key.POWER1).equals("1"));
        }

        /** The device key that switches this port. */
        public Key key() {
            return port == 1 ? Key.POWER1 : Key.POWER2;
        }

        public DeviceCommand.Type type() {
            return DeviceCommand.Type.SET_POWER;
        }

        public Map<String, String> parameters() {
            return Map.of(PORT, Integer.toString(port), ON, on ? "1" : "0");
        }

        public <R> R accept(Handler<R> handler) {
            return handler.setPower(this);
        }
    }

    record WatchdogEnable() implements Command {
        public DeviceCommand.Type type() {
            return DeviceCommand.Type.WATCHDOG_ENABLE;
        }

        public Map<String, String> parameters() {
            return Map.of();
        }

        public <R> R accept(Handler<R> handler) {
            return handler.watchdogEnable(this);
        }
    }

    record WatchdogDisable() implements Command {
        public DeviceCommand.Type type() {
            return DeviceCommand.Type.WATCHDOG_DISABLE;
        }

        public Map<String, String> parameters() {
            return Map.of();
        }

        public <R> R accept(Handler<R> handler) {
            return handler.watchdogDisable(this);
        }
    }

    /** Re-arms a watchdog that failed over (its state 2, failure) by switching it on again. */
    record WatchdogRearm() implements Command {
        public DeviceCommand.Type type() {
            return DeviceCommand.Type.WATCHDOG_REARM;
        }

        public Map<String, String> parameters() {
            return Map.of();
        }

        public <R> R accept(Handler<R> handler) {
            return handler.watchdogRearm(this);
        }
    }

    /**
     * Sets one writable device key ({@code key}, a bnfos keyword) to {@code value}; never a password (it would travel
     * on Kafka) and never {@code smtptest} (that is TEST_MAIL). {@code updateDesired=true} also makes the value the
     * device's own desired setting (config-service does that in the same request).
     */
    record SetKey(Key key, String value, boolean updateDesired) implements Command {
        public static final String KEY = "key";
        public static final String VALUE = "value";
        public static final String UPDATE_DESIRED = "updateDesired";
        private static final String SETTABLE = "a writable key other than apwd and smtptest (use TEST_MAIL)";
        private static final String UPDATE_ALLOWED =
                "true (also make the value the device's own desired setting) or false";
        /** Keys that move the relay or the watchdog just like the dedicated commands. */
        private static final Set<Key> MOVING = EnumSet.of(Key.MODE, Key.SCENARIO, Key.WDOG, Key.WDOGSTATE,
                Key.POWER1, Key.POWER2);

        public SetKey {
            settable(Fields.required(key, "parameters." + KEY));
            value = CommandParameters.value(VALUE, key, Fields.required(value, "parameters." + VALUE));
        }

        static SetKey read(CommandParameters p) {
            String keyword = p.required(KEY, SETTABLE);
            Key key = Key.byKeyword(keyword).orElseThrow(() -> CommandParameters.invalid(KEY,
                    CommandParameters.quote(keyword) + " is not a berofos key", SETTABLE));
            String update = p.optional(UPDATE_DESIRED, UPDATE_ALLOWED);
            if (update != null && !update.equals("true") && !update.equals("false")) {
                throw CommandParameters.invalid(UPDATE_DESIRED, CommandParameters.quote(update) + " is not valid",
                        UPDATE_ALLOWED);
            }
            // the key first: a password's value is never read, so never repeated in an error
            return new SetKey(settable(key), p.required(VALUE, key.type().allowed()), "true".equals(update));
        }

        /** Refuses a key that cannot be set, before its value is looked at. */
        private static Key settable(Key key) {
            if (key.secret() || !key.writable() || key.type() == ValueType.ACTION) {
                throw CommandParameters.invalid(KEY, CommandParameters.quote(key.keyword()) + " cannot be set by command"
                        + (key.secret() ? " (a password never travels on Kafka; set it on the device)" : ""), SETTABLE);
            }
            return key;
        }

        public DeviceCommand.Type type() {
            return DeviceCommand.Type.SET_KEY;
        }

        public Map<String, String> parameters() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put(KEY, key.keyword());
            out.put(VALUE, value);
            if (updateDesired) {
                out.put(UPDATE_DESIRED, "true");
            }
            return out;
        }

        public boolean needsReason() {
            return MOVING.contains(key);
        }

        public <R> R accept(Handler<R> handler) {
            return handler.setKey(this);
        }
    }

    record Kick() implements Command {
        public DeviceCommand.Type type() {
            return DeviceCommand.Type.KICK;
        }

        public Map<String, String> parameters() {
            return Map.of();
        }

        public <R> R accept(Handler<R> handler) {
            return handler.kick(this);
        }
    }

    record Ping() implements Command {
        public DeviceCommand.Type type() {
            return DeviceCommand.Type.PING;
        }

        public Map<String, String> parameters() {
            return Map.of();
        }

        public <R> R accept(Handler<R> handler) {
            return handler.ping(this);
        }
    }

    record TestMail() implements Command {
        public DeviceCommand.Type type() {
            return DeviceCommand.Type.TEST_MAIL;
        }

        public Map<String, String> parameters() {
            return Map.of();
        }

        public <R> R accept(Handler<R> handler) {
            return handler.testMail(this);
        }
    }

    /**
     * Changes the network settings through the bootloader (the device must be in flash mode); applies at the next
     * restart. Every field is optional (null keeps the device's value); a new {@code address} without a
     * {@code netmask} takes the address's classful netmask.
     */
    record Netconf(Ipv4Address address, Ipv4Address netmask, Ipv4Address gateway, Boolean dhcp, Boolean httpAuth,
                   Phy phy, Integer port) implements Command {
        public static final String ADDRESS = "address";
        public static final String NETMASK = "netmask";
        public static final String GATEWAY = "gateway";
        public static final String DHCP = "dhcp";
        public static final String HTTP_AUTH = "httpauth";
        public static final String PHY = "phy";
        public static final String PORT = "port";

        public Netconf {
            if (port != null && (port < 1 || port > 65535)) {
                throw CommandParameters.invalid(PORT, "'" + port + "' is not valid", ValueType.PORT.allowed());
            }
        }

        static Netconf read(CommandParameters p) {
            String address = p.optional(ADDRESS, Key.ADDRESS);
            String netmask = p.optional(NETMASK, Key.NETMASK);
            String gateway = p.optional(GATEWAY, Key.GATEWAY);
            String dhcp = p.optional(DHCP, Key.DHCP);
            String httpAuth = p.optional(HTTP_AUTH, Key.DHCP);
            String phy = p.optional(PHY, Phy.ALLOWED);
            String port = p.optional(PORT, Key.PORT);
            return new Netconf(address == null ? null : Ipv4Address.parse(address),
                    netmask == null ? null : Ipv4Address.parse(netmask),
                    gateway == null ? null : Ipv4Address.parse(gateway),
                    dhcp == null ? null : dhcp.equals("1"), httpAuth == null ? null : httpAuth.equals("1"),
                    phy == null ? null : Phy.read(phy), port == null ? null : Integer.valueOf(port));
        }

        public DeviceCommand.Type type() {
            return DeviceCommand.Type.NETCONF;
        }

        public Map<String, String> parameters() {
            Map<String, String> out = new LinkedHashMap<>();
            put(out, ADDRESS, address);
            put(out, NETMASK, netmask);
            put(out, GATEWAY, gateway);
            put(out, DHCP, dhcp == null ? null : dhcp ? "1" : "0");
            put(out, HTTP_AUTH, httpAuth == null ? null : httpAuth ? "1" : "0");
            put(out, PHY, phy == null ? null : phy.wire);
            put(out, PORT, port);
            return out;
        }

        private static void put(Map<String, String> out, String name, Object value) {
            if (value != null) {
                out.put(name, value.toString());
            }
        }

        public <R> R accept(Handler<R> handler) {
            return handler.netconf(this);
        }

        /** How the Ethernet port finds its speed, as bnfos -e numbers it. */
        public enum Phy {
            AUTO("0"), MBIT_10("1"), MBIT_100("2");

            static final String ALLOWED = "0 auto, 1 10 Mbit, 2 100 Mbit";
            private final String wire;

            Phy(String wire) {
                this.wire = wire;
            }

            static Phy read(String value) {
                for (Phy phy : values()) {
                    if (phy.wire.equals(value)) {
                        return phy;
                    }
                }
                throw CommandParameters.invalid(PHY, CommandParameters.quote(value) + " is not valid", ALLOWED);
            }
        }
    }

    /** Erases the firmware and writes {@code firmware}, an image in device-gateway's firmware directory. */
    record Flash(String firmware) implements Command {
        public static final String FIRMWARE = "firmware";
        private static final String ALLOWED = "the firmware image's file name in device-gateway's firmware directory, "
                + "1 to " + Limits.FILE_NAME + " characters, no control characters";

        public Flash {
            firmware = Fields.required(firmware, "parameters." + FIRMWARE).strip();
            if (firmware.length() > Limits.FILE_NAME) {
                throw CommandParameters.invalid(FIRMWARE, "has " + firmware.length() + " characters", ALLOWED);
            }
            if (firmware.isEmpty() || firmware.chars().anyMatch(Character::isISOControl)) {
                throw CommandParameters.invalid(FIRMWARE, CommandParameters.quote(firmware) + " is not valid", ALLOWED);
            }
        }

        static Flash read(CommandParameters p) {
            return new Flash(p.required(FIRMWARE, ALLOWED));
        }

        public DeviceCommand.Type type() {
            return DeviceCommand.Type.FLASH;
        }

        public Map<String, String> parameters() {
            return Map.of(FIRMWARE, firmware);
        }

        public <R> R accept(Handler<R> handler) {
            return handler.flash(this);
        }
    }

    /** Factory reset through the bootloader: erases firmware and settings. */
    record Reset() implements Command {
        public DeviceCommand.Type type() {
            return DeviceCommand.Type.RESET;
        }

        public Map<String, String> parameters() {
            return Map.of();
        }

        public <R> R accept(Handler<R> handler) {
            return handler.reset(this);
        }
    }

    /**
     * GBL4 discovery of one {@code host} (an IPv4 address or a host name), an address {@code range} or a
     * {@code broadcast} address; with none of them, the local broadcast address. The first one given is scanned.
     */
    record Scan(String host, Range range, Ipv4Address broadcast) implements Command {
        public static final String HOST = "host";
        public static final String RANGE = "range";
        public static final String BROADCAST = "broadcast";
        private static final String HOST_ALLOWED = "an IPv4 address such as 10.0.0.5 or a host name (letters, digits, "
                + "'-' and '.', at most 63 characters)";

        public Scan {
            if (host != null) {
                host = host(host);
            }
        }

        static Scan read(CommandParameters p) {
            String host = p.optional(HOST, HOST_ALLOWED);
            String range = p.optional(RANGE, Range.ALLOWED);
            String broadcast = p.optional(BROADCAST, Key.ADDRESS);
            return new Scan(host, range == null ? null : Range.parse(range),
                    broadcast == null ? null : Ipv4Address.parse(broadcast));
        }

        /** An IPv4 address (canonical form) or a host name; digits and dots are meant as an address and must be one. */
        private static String host(String value) {
            if (value.length() > Limits.HOST) {
                throw CommandParameters.invalid(HOST, "has " + value.length() + " characters", HOST_ALLOWED);
            }
            try {
                return value.matches("[0-9.]+") ? Ipv4Address.parse(value).toString()
                        : ValueType.HOST.normalize(HOST, value);
            } catch (InvalidValueException e) {
                throw CommandParameters.invalid(HOST, CommandParameters.quote(value) + " is not a host", HOST_ALLOWED);
            }
        }

        public DeviceCommand.Type type() {
            return DeviceCommand.Type.SCAN;
        }

        public Map<String, String> parameters() {
            Map<String, String> out = new LinkedHashMap<>();
            if (host != null) {
                out.put(HOST, host);
            }
            if (range != null) {
                out.put(RANGE, range.text());
            }
            if (broadcast != null) {
                out.put(BROADCAST, broadcast.toString());
            }
            return out;
        }

        public <R> R accept(Handler<R> handler) {
            return handler.scan(this);
        }

        /**
         * An address range as written, {@code a.b.c.d/nn} or {@code a.b.c.d-e.f.g.h}, and its first and last address
         * (a prefix's network and broadcast addresses).
         */
        public record Range(String text, Ipv4Address first, Ipv4Address last) {
            static final String ALLOWED = "a.b.c.d/nn or a.b.c.d-e.f.g.h";
            private static final Pattern FORM = Pattern.compile("([0-9.]{7,15})\\s*([/-])\\s*([0-9.]{1,15})");

            public Range {
                Objects.requireNonNull(text, "text");
                if (Integer.compareUnsigned(first.bits(), last.bits()) > 0) {
                    throw CommandParameters.invalid(RANGE, CommandParameters.quote(text) + " ends before it starts",
                            ALLOWED);
                }
            }

            /** How many addresses the range holds. */
            public long size() {
                return Integer.toUnsignedLong(last.bits()) - Integer.toUnsignedLong(first.bits()) + 1;
            }

            static Range parse(String value) {
                Matcher m = FORM.matcher(value.strip());
                if (!m.matches()) {
                    throw CommandParameters.invalid(RANGE, CommandParameters.quote(value) + " is not a range", ALLOWED);
                }
                try {
                    Ipv4Address start = Ipv4Address.parse(m.group(1));
                    if (m.group(2).equals("-")) {
                        Ipv4Address end = Ipv4Address.parse(m.group(3));
                        return new Range(start + "-" + end, start, end);
                    }
                    int prefix = Integer.parseInt(m.group(3));
                    if (prefix > 32) {
                        throw new InvalidValueException(RANGE, value, ALLOWED);
                    }
                    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
                    return new Range(start + "/" + prefix, new Ipv4Address(start.bits() & mask),
                            new Ipv4Address(start.bits() | ~mask));
                } catch (InvalidValueException | NumberFormatException e) {
                    throw CommandParameters.invalid(RANGE, CommandParameters.quote(value) + " is not a range", ALLOWED);
                }
            }
        }
    }
}
