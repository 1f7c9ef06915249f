package io.fosfleet.config.security;

/**
 * The three roles of the API, as token groups: a viewer reads, an operator also sends commands and puts pairs in
 * maintenance, an admin also changes inventory, settings and imports. Higher roles are listed explicitly on every
 * endpoint, so a token needs only its own role.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
