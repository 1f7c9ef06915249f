package io.fosfleet.protocol;

/**
 * The relay position. Mode 0 connects A–D (also the unpowered state); mode 1 connects A–B in the
 * fallback scenario and A–B plus C–D in the bypass scenario.
 */
public enum RelayMode {
    A_D(0),
    A_B(1);

    private final int wireValue;

    RelayMode(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    public static RelayMode fromWire(boolean on) {
        return on ? A_B : A_D;
    }

    /** What the relays connect in the given scenario, as the device writes it: A-D, A-B or A-B,C-D. */
    public String connections(Scenario scenario) {
        if (this == A_D) {
            return "A-D";
        }
        return scenario == Scenario.BYPASS ? "A-B,C-D" : "A-B";
    }
}
