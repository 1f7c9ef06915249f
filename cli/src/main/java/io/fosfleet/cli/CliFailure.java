package io.fosfleet.cli;

/**
 * The command cannot run: the text to print on standard error (the reference tool's wording), whether the usage
 * text follows it, and exit status 1.
 */
final class CliFailure extends Exception {

    private final boolean showUsage;

    CliFailure(String text) {
        this(text, false);
    }

    CliFailure(String text, boolean showUsage) {
        super(text, null, false, false);
        this.showUsage = showUsage;
    }

    /** Printed as it is: it carries its own line ends. */
    String text() {
        return getMessage();
    }

    boolean showUsage() {
        return showUsage;
    }
}
