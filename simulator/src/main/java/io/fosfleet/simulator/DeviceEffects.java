package io.fosfleet.simulator;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.syslog.SyslogCode;

/** What a {@link DeviceModel} asks of the world outside it: messages on the wire, a timer, its EEPROM, a log line. */
interface DeviceEffects {

    /** A syslog datagram to the configured server (the model already checked that syslog is on). */
    void syslog(SyslogCode code, Ipv4Address server, int port);

    /** A mail to send over SMTP. */
    void mail(Mail mail);

    /** (Re)starts the watchdog timer: {@link DeviceModel#expire()} is due in {@code millis}. */
    void armWatchdog(long millis);

    void cancelWatchdog();

    /** The EEPROM changed; write it where it survives a simulator restart. */
    void persist();

    /** One line saying what the device did. */
    void log(String message);

    /**
     * A mail as the device sends it.
     *
     * @param server {@code host} or {@code host:port} (port 25 when not given)
     */
    record Mail(String server, String from, String to, String subject, String text) {
    }
}
