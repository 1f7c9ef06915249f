package io.fosfleet.simulator;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;
import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.gbl4.Gbl4Frames;
import io.fosfleet.protocol.gbl4.Gbl4Reply;
import io.fosfleet.protocol.gbl4.Gbl4Request;
import io.fosfleet.protocol.gbl4.NetConf;
import io.fosfleet.protocol.http.ConfigTxt;
import io.fosfleet.protocol.syslog.SyslogCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The behaviour of one berofos, without any I/O: relays, power ports, scenario, the watchdog, power-up defaults,
 * flash mode, and the answers to GBL4 requests and HTTP set requests (docs/protocol.md, docs/architecture.md §4,
 * the manual). Every method is synchronized: GBL4, HTTP, timers and the control API reach it from different threads.
 */
final class DeviceModel {

    static final int BOOTLOADER_MAJOR = 1;
    static final int BOOTLOADER_MINOR = 2;
    /** SET_NETCONF and RESET answer this errcode outside flash mode: they are bootloader operations. */
    static final int ERR_NOT_IN_FLASH_MODE = 1;
    /** SET_NETCONF answers this errcode for an HTTP port of 0. */
    static final int ERR_INVALID_VALUE = 2;

    private static final int PHY_STATE_LINK_100_FDX =
            DeviceInfo.PHY_LINK_BEAT | DeviceInfo.PHY_LINK_100MBIT | DeviceInfo.PHY_LINK_FDX;

    private final MacAddress mac;
    /** Where the simulated network's DHCP server places the device. */
    private final Ipv4Address attachment;
    private final Eeprom eeprom;
    private final DeviceEffects effects;

    private DeviceMode mode = DeviceMode.OFF;
    private RelayMode relay = RelayMode.A_D;
    private boolean power1;
    private boolean power2;
    private int watchdogState;
    private long watchdogDeadline;
    private boolean alarm;
    private int beeps;
    private Ipv4Address runningAddress;
    private Ipv4Address runningNetmask;
    private Ipv4Address runningGateway;
    private int runningHttpPort;
    private FlashSession flash;

    DeviceModel(MacAddress mac, Ipv4Address attachment, Eeprom eeprom, DeviceEffects effects) {
        this.mac = mac;
        this.attachment = attachment;
        this.eeprom = eeprom;
        this.effects = effects;
        applyNetworkSettings();
    }

    // ---- power ----------------------------------------------------------------------------------------------------

    /**
     * Switches the device on. With the black key held, or without firmware, it stays in its bootloader (flash mode);
     * otherwise it applies its power-up defaults, beeps and says "Powerup".
     */
    synchronized void powerUp(boolean flashKey) {
        flash = null;
        if (flashKey || eeprom.firmware() == null) {
            mode = DeviceMode.FLASH;
            effects.log(flashKey ? "powered up in flash mode (black key held)"
                    : "powered up without firmware: staying in flash mode until flashed");
            return;
        }
        mode = DeviceMode.OPERATIONAL;
        beeps++;
        boolean stickyFailure = eeprom.isOn(Key.WDOGDEF) && eeprom.watchdogFailed();
        relay = stickyFailure ? RelayMode.A_D : RelayMode.fromWire(eeprom.isOn(Key.MODEDEF));
        power1 = eeprom.isOn(Key.POWER1DEF);
        power2 = eeprom.isOn(Key.POWER2DEF);
        effects.log("powered up: relay " + connections() + ", power ports " + onOff(power1) + "/" + onOff(power2)
                + ", watchdog " + (eeprom.isOn(Key.WDOGDEF) ? (stickyFailure ? "failed (sticky)" : "on") : "off"));
        syslog(SyslogCode.POWERUP);
        if (stickyFailure) {
            watchdogState = 2;
            alarm = eeprom.isOn(Key.WDOGAUDIO);
            syslog(SyslogCode.WDOG_FAILOVER_STICKY);
        } else if (eeprom.isOn(Key.WDOGDEF)) {
            startWatchdog();
        } else {
            stopWatchdogState();
        }
    }

    /** Switches the device off: relays fall back to A–D, power ports and alarm go dark, the watchdog stops. */
    synchronized void powerDown() {
        if (mode == DeviceMode.OFF) {
            return;
        }
        effects.cancelWatchdog();
        mode = DeviceMode.OFF;
        relay = RelayMode.A_D;
        power1 = false;
        power2 = false;
        watchdogState = 0;
        alarm = false;
        flash = null;
        effects.log("powered off");
    }

    synchronized DeviceMode mode() {
        return mode;
    }

    /** The address the device means to use: its DHCP lease (the attachment address) or its static address. */
    synchronized Ipv4Address runningAddress() {
        return runningAddress;
    }

    synchronized int runningHttpPort() {
        return runningHttpPort;
    }

    synchronized String hostname() {
        return eeprom.get(Key.HOSTNAME);
    }

    // ---- watchdog -------------------------------------------------------------------------------------------------

    /** The watchdog timer ran out: fail over to A–D, state failure, syslog 42, mail and alarm when configured. */
    synchronized void expire() {
        if (mode != DeviceMode.OPERATIONAL || watchdogState != 1) {
            return;
        }
        long nanosLeft = watchdogDeadline - System.nanoTime();
        if (nanosLeft > 0) {
            // A timer that fired a little early, or raced with a kick: wait for the rest.
            effects.armWatchdog(TimeUnit.NANOSECONDS.toMillis(nanosLeft) + 1);
            return;
        }
        effects.log("watchdog expired after " + eeprom.get(Key.WDOGITIME) + " s without a kick: failover");
        switchRelay(RelayMode.A_D, "watchdog failover", false);
        failover(SyslogCode.WDOG_FAILOVER_TIMEOUT);
    }

    private void failover(SyslogCode code) {
        effects.cancelWatchdog();
        watchdogState = 2;
        eeprom.watchdogFailed(true);
        effects.persist();
        syslog(code);
        if (eeprom.isOn(Key.WDOGAUDIO)) {
            alarm = true;
            effects.log("audio alarm sounding");
        }
        if (eeprom.isOn(Key.WDOGMAIL)) {
            mail("watchdog failover", "The watchdog of berofos " + eeprom.get(Key.HOSTNAME) + " (" + mac + ") expired: "
                    + code.message() + ". The relays now connect " + connections() + ".");
        }
    }

    private void kick() {
        if (watchdogState == 1) {
            reloadWatchdog();
            effects.log("kicked, " + secondsLeft() + " s left");
        } else {
            effects.log("kicked, watchdog " + (watchdogState == 2 ? "in failure: stays failed over" : "off"));
        }
    }

    private void startWatchdog() {
        watchdogState = 1;
        alarm = false;
        if (eeprom.watchdogFailed()) {
            eeprom.watchdogFailed(false);
            effects.persist();
        }
        reloadWatchdog();
    }

    private void reloadWatchdog() {
        long millis = TimeUnit.SECONDS.toMillis(eeprom.intValue(Key.WDOGITIME));
        watchdogDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        effects.armWatchdog(millis);
    }

    private void stopWatchdogState() {
        effects.cancelWatchdog();
        watchdogState = 0;
        alarm = false;
        if (eeprom.watchdogFailed()) {
            eeprom.watchdogFailed(false);
            effects.persist();
        }
    }

    private int secondsLeft() {
        if (watchdogState != 1) {
            return 0;
        }
        long nanos = watchdogDeadline - System.nanoTime();
        return nanos <= 0 ? 0 : (int) ((nanos + 999_999_999L) / 1_000_000_000L);
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------------

    /** Every readable value, as config.txt shows it: stored settings, plus the live relay, power and watchdog state. */
    synchronized Map<Key, String> values() {
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (Key key : Key.values()) {
            if (key.readable() && !Eeprom.live(key)) {
                values.put(key, eeprom.get(key));
            }
        }
        values.put(Key.MODE, Integer.toString(relay.wireValue()));
        values.put(Key.POWER1, bit(power1));
        values.put(Key.POWER2, bit(power2));
        values.put(Key.WDOG, bit(watchdogState != 0));
        values.put(Key.WDOGSTATE, Integer.toString(watchdogState));
        values.put(Key.WDOGRTIME, Integer.toString(secondsLeft()));
        return values;
    }

    synchronized String configTxt() {
        return ConfigTxt.format(values());
    }

    synchronized boolean passwordProtected() {
        return eeprom.isOn(Key.PWD);
    }

    /** Whether the admin password passes {@code check} (a Digest answer is computed from it); it never leaves here. */
    synchronized boolean adminPasswordPasses(java.util.function.Predicate<String> check) {
        return check.test(eeprom.get(Key.APWD));
    }

    /** Whether {@code password} is the admin password; compares digests so the time taken does not tell. */
    synchronized boolean adminPasswordIs(String password) {
        return MessageDigest.isEqual(sha256(password), sha256(eeprom.get(Key.APWD)));
    }

    /**
     * Applies a validated set request: every value, in key-table order. Unchanged values are accepted silently;
     * each change is logged and, where the device has a message for it, sent to syslog.
     */
    synchronized void apply(Map<Key, String> changes) {
        for (Map.Entry<Key, String> change : new EnumMap<>(changes).entrySet()) {
            apply(change.getKey(), change.getValue());
        }
    }

    private void apply(Key key, String value) {
        switch (key) {
            case MODE -> switchRelay(RelayMode.fromWire(value.equals("1")), "set over HTTP", true);
            case POWER1, POWER2 -> {
                int port = key == Key.POWER1 ? 1 : 2;
                boolean on = value.equals("1");
                if (on != (port == 1 ? power1 : power2)) {
                    if (port == 1) {
                        power1 = on;
                    } else {
                        power2 = on;
                    }
                    effects.log("power port " + port + " " + onOff(on));
                    syslog(SyslogCode.power(port, on));
                }
            }
            case WDOG -> watchdog(value.equals("1"));
            case WDOGSTATE -> {
                if (value.equals("2")) {
                    if (watchdogState != 2) {
                        effects.log("watchdog state set to failure: failover");
                        switchRelay(RelayMode.A_D, "watchdog failover", false);
                        failover(SyslogCode.WDOG_FAILOVER_TIMEOUT);
                    }
                } else {
                    watchdog(value.equals("1"));
                }
            }
            case SMTPTEST -> mail("test mail", "This is a test mail from berofos " + eeprom.get(Key.HOSTNAME) + " ("
                    + mac + ").");
            case SCENARIO -> {
                if (eeprom.put(key, value)) {
                    effects.persist();
                    Scenario scenario = Scenario.fromWire(value.equals("1"));
                    effects.log("scenario " + scenario.deviceName() + ": relay connects " + connections());
                    syslog(SyslogCode.scenario(scenario));
                }
            }
            default -> store(key, value);
        }
    }

    private void store(Key key, String value) {
        if (!eeprom.put(key, value)) {
            return;
        }
        effects.persist();
        if (key.secret()) {
            effects.log(key.keyword() + " changed");
        } else if (key == Key.ADDRESS || key == Key.NETMASK || key == Key.GATEWAY || key == Key.DNS
                || key == Key.DHCP || key == Key.PORT) {
            effects.log(key.keyword() + " set to " + value + " (takes effect at the next restart)");
        } else {
            effects.log(key.keyword() + " set to " + value);
        }
    }

    /** wen=1 (re)starts the watchdog from any state, the re-arm; wen=0 stops it and clears a failure. Relays stay. */
    private void watchdog(boolean on) {
        int before = watchdogState;
        if (on) {
            startWatchdog();
            if (before == 2) {
                effects.log("watchdog re-armed, " + secondsLeft() + " s left; relay stays " + connections());
            } else {
                effects.log("watchdog " + (before == 1 ? "restarted" : "on") + ", " + secondsLeft() + " s left");
            }
            if (before != 1) {
                syslog(SyslogCode.WDOG_ON);
            }
        } else if (before != 0) {
            stopWatchdogState();
            effects.log("watchdog off" + (before == 2 ? ", failure cleared; relay stays " + connections() : ""));
            syslog(SyslogCode.WDOG_OFF);
        }
    }

    private void switchRelay(RelayMode to, String why, boolean logUnchanged) {
        if (to == relay) {
            if (logUnchanged) {
                effects.log("relay already " + connections());
            }
            return;
        }
        String from = connections();
        relay = to;
        effects.log("relay switched " + from + " → " + connections() + " (" + why + ")");
        syslog(SyslogCode.relay(relay, scenario()));
    }

    // ---- GBL4 -----------------------------------------------------------------------------------------------------

    /**
     * Answers a GBL4 request, or not: requests naming another MAC are ignored, and so is what the current mode does
     * not handle (a kick in flash mode, flashing while operational). Netconf and reset outside flash mode are refused
     * with errcode 1, so the operator sees why instead of a timeout.
     */
    synchronized Optional<Gbl4Reply> handle(Gbl4Request request, String from) {
        if (mode == DeviceMode.OFF || request.target().filter(target -> !target.equals(mac)).isPresent()) {
            return Optional.empty();
        }
        if (request instanceof Gbl4Request.Scan) {
            effects.log("answered a scan from " + from);
            return Optional.of(new Gbl4Reply.NetconfInfo(deviceInfo()));
        }
        if (request instanceof Gbl4Request.Ping p) {
            effects.log("pinged by " + from);
            return Optional.of(new Gbl4Reply.Pong(mac, p.n()));
        }
        if (request instanceof Gbl4Request.Kick k) {
            if (mode != DeviceMode.OPERATIONAL) {
                effects.log("kick from " + from + " ignored: in flash mode, the watchdog is not running");
                return Optional.empty();
            }
            kick();
            return Optional.of(new Gbl4Reply.KickAck(mac, k.flag()));
        }
        if (request instanceof Gbl4Request.SetNetconf s) {
            return Optional.of(new Gbl4Reply.SetNetconfAck(mac, setNetconf(s.netConf(), from)));
        }
        if (request instanceof Gbl4Request.Reset) {
            if (mode != DeviceMode.FLASH) {
                effects.log("factory reset from " + from + " refused: not in flash mode");
                return Optional.of(new Gbl4Reply.ResetAck(mac, ERR_NOT_IN_FLASH_MODE));
            }
            eeprom.factoryReset();
            effects.persist();
            effects.log("factory reset by " + from + ": factory settings, firmware erased; flash mode until flashed");
            return Optional.of(new Gbl4Reply.ResetAck(mac, 0));
        }
        if (request instanceof Gbl4Request.FlashPrep p) {
            return flashPrep(p, from);
        }
        if (request instanceof Gbl4Request.FlashPage p) {
            return flashPage(p);
        }
        return Optional.empty();
    }

    private DeviceInfo deviceInfo() {
        Eeprom.Firmware fw = eeprom.firmware();
        int options = (eeprom.isOn(Key.DHCP) ? NetConf.OPT_DHCP : 0) | (eeprom.isOn(Key.PWD) ? NetConf.OPT_HTTP_AUTH : 0)
                | (eeprom.ipAcl() ? NetConf.OPT_IP_ACL : 0);
        return new DeviceInfo(mac, DeviceInfo.HWMAGIC_BEROFOS, BOOTLOADER_MAJOR, BOOTLOADER_MINOR,
                fw == null ? 0 : fw.major(), fw == null ? 0 : fw.minor(),
                mode == DeviceMode.FLASH ? DeviceInfo.DEVMODE_FLASH : DeviceInfo.DEVMODE_OPERATIONAL,
                runningAddress, runningNetmask, runningGateway, eeprom.phyConf(), PHY_STATE_LINK_100_FDX, options,
                runningHttpPort);
    }

    private int setNetconf(NetConf n, String from) {
        if (mode != DeviceMode.FLASH) {
            effects.log("netconf from " + from + " refused: not in flash mode");
            return ERR_NOT_IN_FLASH_MODE;
        }
        if (n.httpPort() == 0) {
            effects.log("netconf from " + from + " refused: HTTP port 0");
            return ERR_INVALID_VALUE;
        }
        eeprom.put(Key.ADDRESS, n.address().toString());
        eeprom.put(Key.NETMASK, n.netmask().toString());
        eeprom.put(Key.GATEWAY, n.gateway().toString());
        eeprom.put(Key.DHCP, bit(n.dhcp()));
        eeprom.put(Key.PWD, bit(n.httpAuth()));
        eeprom.put(Key.PORT, Integer.toString(n.httpPort()));
        eeprom.phyConf(n.phyConf());
        eeprom.ipAcl((n.options() & NetConf.OPT_IP_ACL) != 0);
        effects.persist();
        effects.log(String.format("netconf from %s stored: %s/%s gw %s, DHCP %s, HTTP auth %s, port %d, phy 0x%02x "
                + "(takes effect at the next restart)", from, n.address(), n.netmask(), n.gateway(), onOff(n.dhcp()),
                onOff(n.httpAuth()), n.httpPort(), n.phyConf()));
        return 0;
    }

    private Optional<Gbl4Reply> flashPrep(Gbl4Request.FlashPrep p, String from) {
        if (mode != DeviceMode.FLASH || p.numPages() == 0) {
            effects.log("flash preparation from " + from + " ignored: "
                    + (p.numPages() == 0 ? "an image of 0 pages" : "not in flash mode"));
            return Optional.empty();
        }
        // Flashing starts by erasing: a flash broken off leaves the device without firmware.
        eeprom.firmware(null);
        effects.persist();
        flash = new FlashSession(p.numPages(), p.crc());
        effects.log("flash preparation from " + from + ": " + p.numPages() + " pages, crc "
                + String.format("0x%02x", p.crc()) + "; firmware erased");
        return Optional.of(new Gbl4Reply.FlashPrepAck(mac, p.numPages(), p.crc()));
    }

    private Optional<Gbl4Reply> flashPage(Gbl4Request.FlashPage p) {
        if (mode != DeviceMode.FLASH || flash == null) {
            return Optional.empty();
        }
        if (p.page() == flash.next - 1) {
            // The acknowledgement was lost and the page sent again: acknowledge it again, store nothing.
            return Optional.of(new Gbl4Reply.FlashPageAck(mac, p.page()));
        }
        if (p.page() != flash.next) {
            effects.log("flash page " + p.page() + " ignored: expected page " + flash.next);
            return Optional.empty();
        }
        flash.image.writeBytes(p.data());
        flash.next++;
        if (flash.next == flash.pages) {
            byte[] image = flash.image.toByteArray();
            int crc = Gbl4Frames.checksum(image, image.length);
            if (crc == flash.crc) {
                eeprom.firmware(new Eeprom.Firmware(Eeprom.SHIPPED_FIRMWARE.major(), Eeprom.SHIPPED_FIRMWARE.minor(),
                        image));
                effects.persist();
                effects.log("firmware flashed: " + flash.pages + " pages, crc ok; runs after the next restart");
            } else {
                effects.log(String.format("firmware image rejected: crc 0x%02x, announced 0x%02x; no firmware",
                        crc, flash.crc));
            }
            flash = null;
        }
        return Optional.of(new Gbl4Reply.FlashPageAck(mac, p.page()));
    }

    /** An image being received page by page, in order. */
    private static final class FlashSession {
        final int pages;
        final int crc;
        final ByteArrayOutputStream image = new ByteArrayOutputStream();
        int next;

        FlashSession(int pages, int crc) {
            this.pages = pages;
            this.crc = crc;
        }
    }

    // ---- status ---------------------------------------------------------------------------------------------------

    synchronized DeviceStatus status(Ipv4Address boundAddress, NetworkConditions network) {
        Eeprom.Firmware fw = eeprom.firmware();
        return new DeviceStatus(mac, boundAddress, runningHttpPort, mode, scenario(), relay, power1, power2,
                watchdogState, secondsLeft(), leds(), new Beeper(beeps, alarm), network,
                fw == null ? "" : fw.version());
    }

    synchronized Optional<byte[]> firmwareImage() {
        Eeprom.Firmware fw = eeprom.firmware();
        return fw == null || fw.image().length == 0 ? Optional.empty() : Optional.of(fw.image().clone());
    }

    private Leds leds() {
        return switch (mode) {
            case OFF -> Leds.DARK;
            case FLASH -> new Leds(Leds.GREEN, Leds.OFF, Leds.OFF, Leds.OFF, Leds.RED_BLINKING, Leds.OFF, Leds.OFF,
                    Leds.OFF);
            case OPERATIONAL -> {
                boolean ab = relay == RelayMode.A_B;
                boolean cd = ab && scenario() == Scenario.BYPASS;
                yield new Leds(Leds.GREEN, Leds.GREEN, ab ? Leds.GREEN : Leds.RED, cd ? Leds.GREEN : Leds.RED,
                        !ab || cd ? Leds.GREEN : Leds.RED, power1 ? Leds.GREEN : Leds.RED,
                        power2 ? Leds.GREEN : Leds.RED, watchdogState == 2 ? Leds.RED : Leds.OFF);
            }
        };
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private Scenario scenario() {
        return Scenario.fromWire(eeprom.isOn(Key.SCENARIO));
    }

    private String connections() {
        return relay.connections(scenario());
    }

    /**
     * Takes the stored network settings into use, as the device does when it starts: its DHCP lease (the attachment
     * address) or its static address, and its HTTP port. Called before {@link #powerUp}, which needs the socket.
     */
    synchronized void applyNetworkSettings() {
        if (eeprom.isOn(Key.DHCP)) {
            runningAddress = attachment;
            runningNetmask = attachment.classfulNetmask();
            runningGateway = Ipv4Address.ANY;
        } else {
            runningAddress = Ipv4Address.parse(eeprom.get(Key.ADDRESS));
            runningNetmask = Ipv4Address.parse(eeprom.get(Key.NETMASK));
            runningGateway = Ipv4Address.parse(eeprom.get(Key.GATEWAY));
        }
        runningHttpPort = eeprom.intValue(Key.PORT);
    }

    private void syslog(SyslogCode code) {
        if (mode != DeviceMode.OPERATIONAL || !eeprom.isOn(Key.SYSLOG)) {
            return;
        }
        Ipv4Address server = Ipv4Address.parse(eeprom.get(Key.SLGIP));
        if (server.equals(Ipv4Address.ANY)) {
            return;
        }
        effects.syslog(code, server, eeprom.intValue(Key.SLGPT));
    }

    private void mail(String what, String text) {
        String server = eeprom.get(Key.SMTPSERV);
        String to = eeprom.get(Key.SMTPTO);
        if (server.isEmpty() || to.isEmpty()) {
            effects.log(what + " not mailed: " + (server.isEmpty() ? "no smtp server" : "no recipient") + " set");
            return;
        }
        String from = eeprom.get(Key.SMTPFROM).isEmpty() ? "berofos@" + eeprom.get(Key.HOSTNAME)
                : eeprom.get(Key.SMTPFROM);
        effects.mail(new DeviceEffects.Mail(server, from, to, "berofos " + eeprom.get(Key.HOSTNAME) + ": " + what,
                text));
    }

    private static String bit(boolean on) {
        return on ? "1" : "0";
    }

    private static String onOff(boolean on) {
        return on ? "on" : "off";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
