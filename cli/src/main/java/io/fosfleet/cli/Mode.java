package io.fosfleet.cli;

/** The operation modes of bnfos, in the reference tool's order (which its usage text follows). */
enum Mode {
    SCAN("scan", null, "scan the network for devices"),
    NETCONF("netconf", null, "configure network parameters"),
    PING("ping", null, "send ping request"),
    KICK("kick", null, "kick watchdog timer"),
    RESET("reset", null, "reset to default values (also deletes firmware)"),
    FLASH("flash", "file", "upload firmware  (flash mode only)"),
    SET("set", "key>=<value", "set configuration value"),
    GET("get", "key", "show single configuration or status value"),
    SHOW("show", null, "shows configuration and status");

    private final String longName;
    private final String argumentName;
    private final String description;

    Mode(String longName, String argumentName, String description) {
        this.longName = longName;
        this.argumentName = argumentName;
        this.description = description;
    }

    /** The long option that selects the mode, without its dashes. */
    String longName() {
        return longName;
    }

    boolean takesArgument() {
        return argumentName != null;
    }

    /** How the usage text names the mode's argument; null when it takes none. */
    String argumentName() {
        return argumentName;
    }

    String description() {
        return description;
    }

    /** Talks to the device's web server (the others use GBL4). */
    boolean usesHttp() {
        return this == SET || this == GET || this == SHOW;
    }
}
