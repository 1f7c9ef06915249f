package io.fosfleet.protocol.conf;

/** A line of a bnfos.conf file cannot be read; says which line and what is wrong with it. */
public class BnfosConfException extends Exception {

    private final int lineNumber;
    private final String problem;

    public BnfosConfException(int lineNumber, String problem) {
        super("bnfos.conf line " + lineNumber + ": " + problem);
        this.lineNumber = lineNumber;
        this.problem = problem;
    }

    /** Counted from 1. */
    public int lineNumber() {
        return lineNumber;
    }

    /** What is wrong, without the line number. */
    public String problem() {
        return problem;
    }
}
