package io.fosfleet.simulator;

/**
 * The front panel LEDs of a simulated berofos, each {@code green}, {@code red}, {@code red-blinking} or {@code off}:
 * the device's power LED, the four port groups A–D (green connected, red disconnected; port D blinks red in flash
 * mode), the two power port LEDs and the watchdog's Fail LED.
 */
public record Leds(String power, String a, String b, String c, String d, String pw1, String pw2, String fail) {

    public static final String GREEN = "green";
    public static final String RED = "red";
    public static final String RED_BLINKING = "red-blinking";
    public static final String OFF = "off";

    static final Leds DARK = new Leds(OFF, OFF, OFF, OFF, OFF, OFF, OFF, OFF);
}
