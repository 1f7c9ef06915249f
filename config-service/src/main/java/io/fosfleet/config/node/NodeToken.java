package io.fosfleet.config.node;

import java.time.Instant;

/**
 * A PBX node's token for its passive heartbeats at heartbeat-service ({@code Authorization: Bearer <token>}): subject
 * = the node id, role {@code node}; it vouches for this node only and grants nothing at this API. Issuing a new one
 * does not revoke the old: it works until it expires.
 */
public record NodeToken(String node, String token, String tokenType, Instant expiresAt) {
}
