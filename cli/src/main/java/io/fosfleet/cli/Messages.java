package io.fosfleet.cli;

import java.io.PrintStream;

/**
 * Where bnfos's messages go: standard error, or the local syslog with {@code -s} and {@code -b}. Each text carries
 * its line ends as the reference tool's messages do ("\n2 devices found.\n\n").
 */
interface Messages extends AutoCloseable {

    /** syslog severities, as the reference tool gives them to its messages. */
    enum Severity {
        ERR(3),
        WARNING(4),
        NOTICE(5),
        INFO(6);

        private final int code;

        Severity(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    void log(Severity severity, String text);

    /** A result: "Watchdog successfully kicked!", the values of --show. */
    default void notice(String text) {
        log(Severity.NOTICE, text);
    }

    /** A failed operation: "Ping failed!". */
    default void warning(String text) {
        log(Severity.WARNING, text);
    }

    /** Why it failed: "Couldn't connect to server". */
    default void error(String text) {
        log(Severity.ERR, text);
    }

    /** Progress: "Page 3 of 12 flashed...". */
    default void info(String text) {
        log(Severity.INFO, text);
    }

    @Override
    void close();

    /** The messages on standard error, exactly as given. */
    static Messages to(PrintStream err) {
        return new Messages() {
            @Override
            public void log(Severity severity, String text) {
                err.print(text);
                err.flush();
            }

            @Override
            public void close() {
                err.flush();
            }
        };
    }
}
