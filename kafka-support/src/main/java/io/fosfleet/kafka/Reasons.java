package io.fosfleet.kafka;

import java.util.ArrayList;
import java.util.List;

/** Why a record failed, in words: the messages of an exception and its causes, never class names or stack traces. */
public final class Reasons {

    /** Dead-letter headers stay small; the first thousand characters tell the story. */
    static final int MAX_LENGTH = 1000;

    private Reasons() {
    }

    public static String of(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && messages.stream().noneMatch(seen -> seen.contains(m))) {
                messages.add(m.strip());
            }
        }
        String reason = messages.isEmpty() ? "failed without a message" : String.join("; caused by: ", messages);
        return reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH - 1) + "…";
    }
}
