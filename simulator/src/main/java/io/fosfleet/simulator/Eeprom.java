package io.fosfleet.simulator;

import io.fosfleet.protocol.Key;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.Map;

/**
 * A device's non-volatile memory: every stored setting, the network options only GBL4 carries, whether the watchdog
 * was last in failure (for the sticky failover at the next power-up), and the firmware. Live state (relays, power
 * ports, the running watchdog) is not here: it is rebuilt from the defaults at each power-up. Guarded by the owning
 * device's lock.
 */
final class Eeprom {

    /** Values the device holds only while running (and the test-mail action); every other key is stored. */
    static boolean live(Key key) {
        return key.runtime() || key == Key.SMTPTEST;
    }

    /** The firmware a simulated device ships with. */
    static final Firmware SHIPPED_FIRMWARE = new Firmware(1, 7, new byte[0]);

    private static final Map<Key, String> FACTORY = factory();

    /**
     * Installed firmware.
     *
     * @param image the flashed bytes; empty for the firmware the device shipped with
     */
    record Firmware(int major, int minor, byte[] image) {
        String version() {
            return major + "." + minor;
        }
    }

    private final Map<Key, String> settings = new EnumMap<>(FACTORY);
    private int phyConf = 3;
    private boolean ipAcl;
    private boolean watchdogFailed;
    private Firmware firmware = SHIPPED_FIRMWARE;

    /** Factory state with the device's own settings on top (what a new simulated device starts with). */
    static Eeprom of(Map<Key, String> settings) {
        Eeprom e = new Eeprom();
        e.settings.putAll(settings);
        return e;
    }

    /** Back to factory settings: DHCP on, fallback address 192.168.0.2/24, no password, and no firmware. */
    void factoryReset() {
        settings.clear();
        settings.putAll(FACTORY);
        phyConf = 3;
        ipAcl = false;
        watchdogFailed = false;
        firmware = null;
    }

    String get(Key key) {
        return settings.get(key);
    }

    boolean isOn(Key key) {
        return "1".equals(settings.get(key));
    }

    int intValue(Key key) {
        return Integer.parseInt(settings.get(key));
    }

    /** Stores a normalized value; returns whether it changed. */
    boolean put(Key key, String value) {
        if (!FACTORY.containsKey(key)) {
            throw new IllegalArgumentException(key + " is not stored in the EEPROM");
        }
        return !value.equals(settings.put(key, value));
    }

    int phyConf() {
        return phyConf;
    }

    void phyConf(int phyConf) {
        this.phyConf = phyConf;
    }

    boolean ipAcl() {
        return ipAcl;
    }

    void ipAcl(boolean ipAcl) {
        this.ipAcl = ipAcl;
    }

    boolean watchdogFailed() {
        return watchdogFailed;
    }

    void watchdogFailed(boolean failed) {
        this.watchdogFailed = failed;
    }

    /** The installed firmware, null when there is none (after a factory reset or an interrupted flash). */
    Firmware firmware() {
        return firmware;
    }

    void firmware(Firmware firmware) {
        this.firmware = firmware;
    }

    /** The state file's content; the firmware image travels in a file of its own. */
    JsonObject toJson() {
        JsonObject values = new JsonObject();
        settings.forEach((key, value) -> values.put(key.keyword(), value));
        JsonObject json = new JsonObject().put("settings", values).put("phyConf", phyConf).put("ipAcl", ipAcl)
                .put("watchdogFailed", watchdogFailed);
        if (firmware != null) {
            json.put("firmware", new JsonObject().put("major", firmware.major()).put("minor", firmware.minor()));
        }
        return json;
    }

    static Eeprom fromJson(JsonObject json, byte[] image) {
        Eeprom e = new Eeprom();
        JsonObject values = json.getJsonObject("settings", new JsonObject());
        for (String keyword : values.fieldNames()) {
            Key key = Key.byKeyword(keyword).filter(FACTORY::containsKey).orElseThrow(
                    () -> new IllegalArgumentException("unknown setting '" + keyword + "' in the state file"));
            e.settings.put(key, values.getString(keyword));
        }
        e.phyConf = json.getInteger("phyConf", 3);
        e.ipAcl = json.getBoolean("ipAcl", false);
        e.watchdogFailed = json.getBoolean("watchdogFailed", false);
        JsonObject fw = json.getJsonObject("firmware");
        e.firmware = fw == null ? null : new Firmware(fw.getInteger("major"), fw.getInteger("minor"), image);
        return e;
    }

    private static Map<Key, String> factory() {
        Map<Key, String> f = new EnumMap<>(Key.class);
        f.put(Key.SCENARIO, "0");
        f.put(Key.MODEDEF, "0");
        f.put(Key.POWER1DEF, "0");
        f.put(Key.POWER2DEF, "0");
        f.put(Key.HOSTNAME, "berofos");
        f.put(Key.ADDRESS, "192.168.0.2");
        f.put(Key.NETMASK, "255.255.255.0");
        f.put(Key.GATEWAY, "0.0.0.0");
        f.put(Key.DNS, "0.0.0.0");
        f.put(Key.DHCP, "1");
        f.put(Key.PORT, "80");
        f.put(Key.PWD, "0");
        // No admin password: it is written only by cmd=3&apwd, and an empty one is never accepted there.
        f.put(Key.APWD, "");
        f.put(Key.SMTPSERV, "");
        f.put(Key.SMTPFROM, "");
        f.put(Key.SMTPTO, "");
        f.put(Key.SYSLOG, "0");
        f.put(Key.SLGIP, "0.0.0.0");
        f.put(Key.SLGPT, "514");
        f.put(Key.WDOGDEF, "0");
        f.put(Key.WDOGITIME, "60");
        f.put(Key.WDOGAUDIO, "0");
        f.put(Key.WDOGMAIL, "0");
        for (Key key : Key.values()) {
            if (live(key) == f.containsKey(key)) {
                throw new IllegalStateException(key + " must be either live or stored");
            }
        }
        return f;
    }
}
