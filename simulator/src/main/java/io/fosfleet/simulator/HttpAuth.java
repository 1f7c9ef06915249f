package io.fosfleet.simulator;

/** How a simulated device challenges for its password while password protection ({@code pwd}) is on. */
public enum HttpAuth {
    /** {@code WWW-Authenticate: Basic realm="berofos"} (the default). */
    BASIC,
    /** {@code WWW-Authenticate: Digest realm="berofos", qop="auth", algorithm=MD5, nonce=...} (RFC 7616). */
    DIGEST
}
