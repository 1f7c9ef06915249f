package io.fosfleet.config.command;

import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.Limits;
import io.fosfleet.config.problem.Problems;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import io.fosfleet.events.DeviceCommand.Type;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each command type takes and when it needs a reason, checked with the protocol's key table before anything is
 * saved; the parameter names are the ones device-gateway reads.
 */
final class CommandRules {

    /** Commands that move a relay, a power port, the watchdog or the network: the audit log must say why. */
    private static final Set<Type> NEED_REASON = EnumSet.of(Type.SWITCH_RELAY, Type.SET_POWER, Type.WATCHDOG_ENABLE,
            Type.WATCHDOG_DISABLE, Type.WATCHDOG_REARM, Type.NETCONF, Type.FLASH, Type.RESET);
    /** SET_KEY on these keys moves the relay or the watchdog just like the dedicated commands. */
    private static final Set<Key> MOVING_KEYS = EnumSet.of(Key.MODE, Key.SCENARIO, Key.WDOG, Key.WDOGSTATE,
            Key.POWER1, Key.POWER2);
    private static final Set<String> NETCONF_PARAMS = Set.of("address", "netmask", "gateway", "dhcp", "httpauth",
            "phy", "port");
    private static final Set<String> SCAN_PARAMS = Set.of("host", "range", "broadcast");

    /** More than any command takes, so that a huge map is refused as a whole instead of name by name. */
    private static final int MAX_PARAMETERS = 10;
    private static final Pattern RANGE = Pattern.compile("([0-9.]{7,15})\\s*([/-])\\s*([0-9.]{1,15})");

    private CommandRules() {
    }

    /** Validates the parameters (answering their canonical form) and records every problem. */
    static Map<String, String> check(Type type, Map<String, String> input, String reason, boolean confirm,
                                     Problems problems) {
        Map<String, String> in = input == null || !Inputs.size(problems, "parameters", input, MAX_PARAMETERS)
                ? Map.of() : input;
        Map<String, String> out = new TreeMap<>();
        boolean needsReason = NEED_REASON.contains(type);
        switch (type) {
            case SWITCH_RELAY -> {
                value(problems, in, out, "mode", Key.MODE);
                only(problems, in, Set.of("mode"));
            }
            case SET_POWER -> {
                String port = in.get("port");
                if (!"1".equals(port) && !"2".equals(port)) {
                    problems.add("parameters.port", port == null ? "is required" : Inputs.quote(port) + " is not a port",
                            "1 or 2");
                } else {
                    out.put("port", port);
                }
                value(problems, in, out, "on", Key.POWER1);
                only(problems, in, Set.of("port", "on"));
            }
            case SET_KEY -> {
                String keyword = in.get("key");
                Key key = keyword == null ? null : Key.byKeyword(keyword).orElse(null);
                if (key == null || key.secret() || !key.writable() || key.type() == ValueType.ACTION) {
                    problems.add("parameters.key", keyword == null ? "is required" : Inputs.quote(keyword)
                            + " cannot be set by command" + (key != null && key.secret()
                            ? " (a password never travels on Kafka; set it on the device)" : ""),
                            "a writable key other than apwd and smtptest (use TEST_MAIL)");
                } else {
                    out.put("key", keyword);
                    value(problems, in, out, "value", key);
                    needsReason = MOVING_KEYS.contains(key);
                }
                String update = in.get("updateDesired");
                if (update != null && !update.equals("true") && !update.equals("false")) {
                    problems.add("parameters.updateDesired", Inputs.quote(update) + " is not valid",
                            "true (also make the value the device's own desired setting) or false");
                } else if ("true".equals(update)) {
                    out.put("updateDesired", "true");
                }
                only(problems, in, Set.of("key", "value", "updateDesired"));
            }
            case NETCONF -> {
                only(problems, in, NETCONF_PARAMS);
                in.forEach((name, v) -> {
                    Key key = switch (name) {
                        case "address" -> Key.ADDRESS;
                        case "netmask" -> Key.NETMASK;
                        case "gateway" -> Key.GATEWAY;
                        case "dhcp", "httpauth" -> Key.DHCP;
                        case "port" -> Key.PORT;
                        default -> null;
                    };
                    if (key != null) {
                        value(problems, in, out, name, key);
                    } else if ("phy".equals(name)) {
                        if (v == null || !Set.of("0", "1", "2").contains(v)) {
                            problems.add("parameters.phy", Inputs.quote(String.valueOf(v)) + " is not valid",
                                    "0 auto, 1 10 Mbit, 2 100 Mbit");
                        } else {
                            out.put(name, v);
                        }
                    }
                });
            }
            case FLASH -> {
                if (in.get("firmware") == null || in.get("firmware").isBlank()) {
                    problems.add("parameters.firmware", "is required", "the firmware image as device-gateway reads it");
                } else {
                    put(out, "firmware", Inputs.text(problems, "parameters.firmware", in.get("firmware"),
                            Limits.PARAMETER));
                }
                only(problems, in, Set.of("firmware"));
            }
            case SCAN -> {
                only(problems, in, SCAN_PARAMS);
                if (in.containsKey("host")) {
                    put(out, "host", Inputs.host(problems, "parameters.host", in.get("host")));
                }
                if (in.containsKey("range")) {
                    put(out, "range", range(problems, in.get("range")));
                }
                if (in.containsKey("broadcast")) {
                    put(out, "broadcast", problems.check("parameters.broadcast",
                            () -> Ipv4Address.parse(String.valueOf(in.get("broadcast")))));
                }
            }
            default -> only(problems, in, Set.of());
        }
        if (needsReason && (reason == null || reason.isBlank())) {
            problems.add("reason", "is required: " + type + " moves a relay, a power port, the watchdog or the network",
                    "a short text for the audit log");
        }
        if (type.needsConfirmation() && !confirm) {
            problems.add("confirm", type + " erases the device; it runs only with confirm=true", "true");
        }
        return out;
    }

    private static void put(Map<String, String> out, String name, Object value) {
        if (value != null) {
            out.put(name, value.toString());
        }
    }

    /** A scan range as device-gateway reads it: {@code a.b.c.d/nn} or {@code a.b.c.d-e.f.g.h}. */
    private static String range(Problems problems, String value) {
        String allowed = "a.b.c.d/nn or a.b.c.d-e.f.g.h";
        Matcher m = value == null ? null : RANGE.matcher(value.strip());
        if (m == null || !m.matches()) {
            problems.add("parameters.range", value == null ? "is required" : Inputs.quote(value) + " is not a range",
                    allowed);
            return null;
        }
        try {
            Ipv4Address first = Ipv4Address.parse(m.group(1));
            String rest = m.group(3);
            if (m.group(2).equals("/")) {
                if (Integer.parseInt(rest) > 32) {
                    throw new InvalidValueException("range", value, allowed);
                }
                return first + "/" + Integer.parseInt(rest);
            }
            return first + "-" + Ipv4Address.parse(rest);
        } catch (InvalidValueException e) {
            problems.add("parameters.range", Inputs.quote(value) + " is not a range", allowed);
            return null;
        }
    }

    private static void value(Problems problems, Map<String, String> in, Map<String, String> out, String name,
                              Key key) {
        String v = in.get(name);
        if (v == null) {
            problems.add("parameters." + name, "is required", key.type().allowed());
            return;
        }
        try {
            out.put(name, key.normalize(v));
        } catch (InvalidValueException e) {
            problems.add("parameters." + name, Inputs.quote(String.valueOf(e.value())) + " is not valid", e.allowed());
        }
    }

    private static void only(Problems problems, Map<String, String> in, Set<String> allowed) {
        in.keySet().stream().filter(k -> !allowed.contains(k)).sorted().forEach(k -> problems.add("parameters." + Inputs.key(k),
                "is not a parameter of this command", allowed.isEmpty() ? "none"
                        : String.join(", ", allowed.stream().sorted().toList())));
    }
}
