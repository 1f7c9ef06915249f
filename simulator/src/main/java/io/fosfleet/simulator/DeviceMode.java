package io.fosfleet.simulator;

/** Whether a simulated berofos is switched off, running its firmware, or in its bootloader's flash mode. */
public enum DeviceMode {
    /** Unpowered: relays rest at A–D, no network, all LEDs dark. */
    OFF,
    /** Firmware running: GBL4 and the web server. */
    OPERATIONAL,
    /** Booted with the black key held (or without firmware): GBL4 only, for netconf, reset and flash. */
    FLASH
}
