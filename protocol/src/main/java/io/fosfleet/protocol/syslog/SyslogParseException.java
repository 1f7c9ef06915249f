package io.fosfleet.protocol.syslog;

/** A datagram received on the syslog port is not a berofos message we know. */
public class SyslogParseException extends Exception {

    public SyslogParseException(String message) {
        super(message);
    }
}
