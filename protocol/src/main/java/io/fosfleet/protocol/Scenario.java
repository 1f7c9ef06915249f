package io.fosfleet.protocol;

/** How a berofos is wired: fallback (PSTN to primary or secondary) or bypass (new PBX in front of a legacy one). */
public enum Scenario {
    FALLBACK(0, "Fallback"),
    BYPASS(1, "Bypass");

    private final int wireValue;
    private final String deviceName;

    Scenario(int wireValue, String deviceName) {
        this.wireValue = wireValue;
        this.deviceName = deviceName;
    }

    public int wireValue() {
        return wireValue;
    }

    /** The name the device uses in its syslog messages and web page. */
    public String deviceName() {
        return deviceName;
    }

    public static Scenario fromWire(boolean bypass) {
        return bypass ? BYPASS : FALLBACK;
    }
}
