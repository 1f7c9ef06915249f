package io.fosfleet.fosctl;

/** fosctl's exit codes: scripts rely on them, so they never change meaning (README, "Exit codes"). */
final class Exit {

    static final int OK = 0;
    /** Wrong arguments: unknown command or option, a missing or malformed value. */
    static final int USAGE = 1;
    /** Not signed in, or the token was refused (401: expired, revoked, wrong key). */
    static final int UNAUTHENTICATED = 2;
    /** Signed in, but the role may not do this (403). */
    static final int FORBIDDEN = 3;
    /** No such device, pair, command or endpoint (404). */
    static final int NOT_FOUND = 4;
    /** The server refused the request: invalid input (400), a conflict (409), throttled (429). */
    static final int REFUSED = 5;
    /** The command reached the device and FAILED there. */
    static final int COMMAND_FAILED = 6;
    /** No result within --timeout. */
    static final int TIMEOUT = 7;
    /** config-service cannot be reached (connection refused, DNS, TLS). */
    static final int UNREACHABLE = 8;
    /** config-service answered with a server error (5xx) or something fosctl cannot read. */
    static final int SERVER_ERROR = 9;

    private Exit() {
    }

    /** A failure with its exit code and a one-line message for the operator (never a secret, never a trace). */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Failure(int code, String message) {
            super(oneLine(message), null, false, false);
            this.code = code;
        }
    }

    /** Control characters and line breaks of server-provided text flattened to spaces, so every error is one line. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString().strip();
    }
}
