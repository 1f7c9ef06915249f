package io.fosfleet.alert.rest;

/**
 * The roles of config-service's tokens, as they apply here: a viewer reads alerts and silences, an operator and an
 * admin also create and expire silences.
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
