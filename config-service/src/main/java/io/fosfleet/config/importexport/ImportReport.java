package io.fosfleet.config.importexport;

import java.util.List;

/**
 * What an import did, or would do in a dry run: one change per section, warnings, and the errors (with their line)
 * that stop a real import.
 *
 * @param applied true when the changes were saved (not a dry run, no errors)
 */
public record ImportReport(boolean dryRun, boolean applied, List<Change> changes, List<Note> warnings,
                           List<Note> errors) {

    /** The change a section makes: CREATE, UPDATE or UNCHANGED of a device or a pair. */
    public record Change(int line, String section, String action, String target, String detail) {
    }

    /** A warning or an error about one line. */
    public record Note(int line, String message) {
    }
}
