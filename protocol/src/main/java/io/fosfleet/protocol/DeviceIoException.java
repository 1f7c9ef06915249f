package io.fosfleet.protocol;

import java.time.Duration;

/**
 * A request to a device failed; {@link #kind()} says how, so callers (the CLI's messages, the gateway's command
 * results) can tell an unreachable device from bad credentials or a rejected value.
 */
public class DeviceIoException extends Exception {

    /** How a device request failed. */
    public enum Kind {
        /** No reply within the timeout. */
        TIMEOUT,
        /** Connection refused, no route, host name not resolvable. */
        UNREACHABLE,
        /** The device answered 401 even with the credentials we have (or we have none). */
        BAD_CREDENTIALS,
        /** The device answered with a non-2xx HTTP status other than 401. */
        HTTP_STATUS,
        /** config.txt without the magic line. */
        NO_CONFIGURATION,
        /** A GBL4 reply carried a non-zero error code. */
        DEVICE_ERROR,
        /** The operation needs flash mode and the device is operational (or the other way round). */
        WRONG_DEVICE_MODE,
        /** The reply does not match the request (e.g. a flash page acknowledged out of order). */
        BAD_REPLY,
        /** The device's reply is longer than a device ever sends (an HTTP body over 64 KiB); the rest was not read. */
        REPLY_TOO_LARGE
    }

    private final Kind kind;

    public DeviceIoException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DeviceIoException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** A {@link Kind#TIMEOUT}: "{@code <what>} within 3 s" (or "within 500 ms"). */
    public static DeviceIoException timeout(String what, Duration timeout, Throwable cause) {
        String limit = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
        return new DeviceIoException(Kind.TIMEOUT, what + " within " + limit, cause);
    }

    public Kind kind() {
        return kind;
    }
}
