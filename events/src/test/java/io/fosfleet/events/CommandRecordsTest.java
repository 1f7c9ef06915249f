package io.fosfleet.events;

import static io.fosfleet.events.Samples.DEVICE;
import static io.fosfleet.events.Samples.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each command record: what it reads from today's wire form (a record written before the typed commands existed, as a
 * JSON literal), what it refuses (naming {@code parameters.<name>}), and that it travels back unchanged.
 */
class CommandRecordsTest {

    /** A command record exactly as config-service wrote it before the typed commands, with these parameters. */
    private static DeviceCommand old(String type, String parameters) {
        return EventJson.fromJson("{\"id\":\"7f979ef1-c98a-41fc-883b-35d3b93c7bb3\",\"type\":\"" + type + "\","
                + "\"deviceId\":\"fos-rack7.u12\",\"occurredAt\":\"2026-11-27T10:15:30.123456789Z\","
                + "\"source\":\"config-service\",\"schemaVersion\":1,"
                + "\"commandId\":\"5c02be2d-7a27-452a-93e3-59f98c8ae5b2\",\"requestedBy\":\"alice\","
                + "\"reason\":\"planned PBX maintenance\",\"parameters\":" + parameters + ","
                + "\"confirm\":true,\"deadline\":\"2026-11-27T10:16:00.123456789Z\"}", DeviceCommand.class);
    }

    /** The command written as a record today and read back: same type, same wire parameters, same typed command. */
    private static void travelsUnchanged(Command command, Map<String, String> wire) {
        assertThat(command.parameters()).isEqualTo(wire);
        DeviceCommand record = DeviceCommand.of(command, UUID.randomUUID(), DEVICE, NOW, "config-service", "alice",
                "test", command.needsConfirmation(), NOW.plusSeconds(30));
        DeviceCommand back = EventJson.fromJson(EventJson.toJson(record), DeviceCommand.class);
        assertThat(back.type()).isEqualTo(command.type());
        assertThat(back.parameters()).isEqualTo(wire);
        assertThat(back.command()).isEqualTo(command);
    }

    private static void refused(DeviceCommand.Type type, Map<String, String> parameters, String field, String allowed) {
        assertThatThrownBy(() -> Command.read(type, parameters)).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.allowed()).contains(allowed);
                });
    }

    @Test
    void switchRelay() {
        Command c = old("SWITCH_RELAY", "{\"mode\":\"0\"}").command();
        assertThat(c).isEqualTo(new Command.SwitchRelay(RelayMode.A_D));
        assertThat(c.needsReason()).isTrue();
        assertThat(Command.read(DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "yes")))
                .isEqualTo(new Command.SwitchRelay(RelayMode.A_B));
        travelsUnchanged(c, Map.of("mode", "0"));
        refused(DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "2"), "parameters.mode", "0 or 1");
        refused(DeviceCommand.Type.SWITCH_RELAY, Map.of(), "parameters.mode", "0 or 1");
        refused(DeviceCommand.Type.SWITCH_RELAY, Map.of("mode", "1", "port", "2"), "parameters.port", "mode");
    }

    @Test
    void setPower() {
        Command c = old("SET_POWER", "{\"on\":\"1\",\"port\":\"2\"}").command();
        assertThat(c).isEqualTo(new Command.SetPower(2, true));
        assertThat(((Command.SetPower) c).key()).isEqualTo(Key.POWER2);
        travelsUnchanged(c, Map.of("port", "2", "on", "1"));
        refused(DeviceCommand.Type.SET_POWER, Map.of("port", "3", "on", "1"), "parameters.port", "1 or 2");
        refused(DeviceCommand.Type.SET_POWER, Map.of("port", "1", "on", "maybe"), "parameters.on", "0 or 1");
        assertThatThrownBy(() -> new Command.SetPower(0, true)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("parameters.port: ");
    }

    @Test
    void commandsWithoutParameters() {
        Map<DeviceCommand.Type, Command> none = Map.of(DeviceCommand.Type.WATCHDOG_ENABLE, new Command.WatchdogEnable(),
                DeviceCommand.Type.WATCHDOG_DISABLE, new Command.WatchdogDisable(),
                DeviceCommand.Type.WATCHDOG_REARM, new Command.WatchdogRearm(), DeviceCommand.Type.KICK,
                new Command.Kick(), DeviceCommand.Type.PING, new Command.Ping(), DeviceCommand.Type.TEST_MAIL,
                new Command.TestMail(), DeviceCommand.Type.RESET, new Command.Reset());
        none.forEach((type, command) -> {
            assertThat(old(type.name(), "{}").command()).isEqualTo(command);
            assertThat(command.type()).isEqualTo(type);
            travelsUnchanged(command, Map.of());
            refused(type, Map.of("mode", "1"), "parameters.mode", "none");
        });
        assertThat(new Command.Reset().needsConfirmation()).isTrue();
        assertThat(new Command.Ping().needsReason()).isFalse();
        assertThat(new Command.WatchdogRearm().needsReason()).isTrue();
    }

    @Test
    void setKey() {
        Command c = old("SET_KEY", "{\"key\":\"wdogitime\",\"updateDesired\":\"true\",\"value\":\"45\"}").command();
        assertThat(c).isEqualTo(new Command.SetKey(Key.WDOGITIME, "45", true));
        assertThat(c.needsReason()).isFalse();
        assertThat(new Command.SetKey(Key.WDOG, "yes", false).needsReason()).isTrue();
        travelsUnchanged(c, Map.of("key", "wdogitime", "value", "45", "updateDesired", "true"));
        travelsUnchanged(new Command.SetKey(Key.HOSTNAME, "fos-new", false), Map.of("key", "hostname", "value",
                "fos-new"));
        refused(DeviceCommand.Type.SET_KEY, Map.of("key", "wdogitime", "value", "0"), "parameters.value", "1 to 65535");
        refused(DeviceCommand.Type.SET_KEY, Map.of("key", "smtptest", "value", ""), "parameters.key", "TEST_MAIL");
        refused(DeviceCommand.Type.SET_KEY, Map.of("key", "teleport", "value", "1"), "parameters.key", "writable");
        refused(DeviceCommand.Type.SET_KEY, Map.of("key", "wdogitime", "value", "45", "updateDesired", "yes"),
                "parameters.updateDesired", "true");
        // a password never travels, and its value is never repeated in the error
        assertThatThrownBy(() -> Command.read(DeviceCommand.Type.SET_KEY, Map.of("key", "apwd", "value", "hunter2")))
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("parameters.key: ")
                .hasMessageContaining("password").hasMessageNotContaining("hunter2");
    }

    @Test
    void netconf() {
        Command c = old("NETCONF", "{\"address\":\"10.0.0.9\",\"dhcp\":\"0\",\"phy\":\"2\",\"port\":\"8080\"}")
                .command();
        assertThat(c).isEqualTo(new Command.Netconf(Ipv4Address.parse("10.0.0.9"), null, null, false, null,
                Command.Netconf.Phy.MBIT_100, 8080));
        travelsUnchanged(c, Map.of("address", "10.0.0.9", "dhcp", "0", "phy", "2", "port", "8080"));
        travelsUnchanged(Command.read(DeviceCommand.Type.NETCONF, Map.of()), Map.of());
        refused(DeviceCommand.Type.NETCONF, Map.of("phy", "3"), "parameters.phy", "0 auto");
        Map<String, String> noValue = new HashMap<>();
        noValue.put("phy", null);
        refused(DeviceCommand.Type.NETCONF, noValue, "parameters.phy", "0 auto");
        refused(DeviceCommand.Type.NETCONF, Map.of("port", "70000"), "parameters.port", "65535");
        refused(DeviceCommand.Type.NETCONF, Map.of("gateway", "10.0.0"), "parameters.gateway", "IPv4");
    }

    @Test
    void flash() {
        Command c = old("FLASH", "{\"firmware\":\"fos-2.1.bin\"}").command();
        assertThat(c).isEqualTo(new Command.Flash("fos-2.1.bin"));
        assertThat(c.needsConfirmation()).isTrue();
        travelsUnchanged(c, Map.of("firmware", "fos-2.1.bin"));
        refused(DeviceCommand.Type.FLASH, Map.of(), "parameters.firmware", "firmware directory");
        refused(DeviceCommand.Type.FLASH, Map.of("firmware", "a\nb"), "parameters.firmware", "no control");
        refused(DeviceCommand.Type.FLASH, Map.of("firmware", "f".repeat(Limits.FILE_NAME + 1)), "parameters.firmware",
                "255");
    }

    @Test
    void scan() {
        Command.Scan range = (Command.Scan) old("SCAN", "{\"range\":\"10.0.0.5/30\"}").command();
        assertThat(range.range().first()).isEqualTo(Ipv4Address.parse("10.0.0.4"));
        assertThat(range.range().last()).isEqualTo(Ipv4Address.parse("10.0.0.7"));
        assertThat(range.range().size()).isEqualTo(4);
        travelsUnchanged(range, Map.of("range", "10.0.0.5/30"));
        travelsUnchanged(Command.read(DeviceCommand.Type.SCAN, Map.of("range", "10.0.0.1 - 10.0.0.9")),
                Map.of("range", "10.0.0.1-10.0.0.9"));
        travelsUnchanged(old("SCAN", "{\"host\":\"10.0.0.5\"}").command(), Map.of("host", "10.0.0.5"));
        travelsUnchanged(old("SCAN", "{\"host\":\"fos-7.example\"}").command(), Map.of("host", "fos-7.example"));
        refused(DeviceCommand.Type.SCAN, Map.of("host", "10.0.0.256"), "parameters.host", "IPv4");
        travelsUnchanged(old("SCAN", "{\"broadcast\":\"10.0.0.255\"}").command(), Map.of("broadcast", "10.0.0.255"));
        travelsUnchanged(old("SCAN", "{}").command(), Map.of());
        refused(DeviceCommand.Type.SCAN, Map.of("host", "h".repeat(300)), "parameters.host", "63");
        refused(DeviceCommand.Type.SCAN, Map.of("range", "10.0.0.0/24\r\nX: y"), "parameters.range", "a.b.c.d/nn");
        refused(DeviceCommand.Type.SCAN, Map.of("range", "10.0.0.9-10.0.0.1"), "parameters.range", "a.b.c.d/nn");
        refused(DeviceCommand.Type.SCAN, Map.of("range", "10.0.0.0/33"), "parameters.range", "a.b.c.d/nn");
    }

    @Test
    void aHugeParameterMapIsRefusedAsAWhole() {
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            many.put("p" + i, "1");
        }
        refused(DeviceCommand.Type.PING, many, "parameters", "at most 10");
    }

    @Test
    void aRecordWithABadParameterStillReadsSoThatItCanBeAnswered() {
        DeviceCommand bad = old("SET_POWER", "{\"on\":\"1\",\"port\":\"9\"}");
        assertThat(bad.parameters()).containsEntry("port", "9");
        assertThatThrownBy(bad::command).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("parameters.port: '9' is not a port");
    }

    @Test
    void everyTypeHasItsRecord() {
        for (DeviceCommand.Type type : DeviceCommand.Type.values()) {
            Map<String, String> minimal = switch (type) {
                case SWITCH_RELAY -> Map.of("mode", "1");
                case SET_POWER -> Map.of("port", "1", "on", "0");
                case SET_KEY -> Map.of("key", "wdogitime", "value", "30");
                case FLASH -> Map.of("firmware", "fw.bin");
                default -> Map.of();
            };
            assertThat(Command.read(type, minimal).type()).isEqualTo(type);
        }
    }
}
