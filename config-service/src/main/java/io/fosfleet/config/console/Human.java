package io.fosfleet.config.console;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations and times as people read them: "1 s", "4.5 s", "250 ms", "2 min 30 s"; "2026-12-06 22:04:33 UTC", to the
 * second. The console shows these; JSON APIs keep ISO-8601, their documented machine format. Also the templates'
 * extension methods ({@code {pair.kickInterval.human}}, {@code {e.occurredAt.when}}, {@code {device.name.berofos}}).
 */
public final class Human {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** An ISO-8601 duration inside a text, e.g. {@code kickInterval=PT1S}. */
    private static final Pattern ISO_DURATION = Pattern.compile(
            "(?<![A-Za-z0-9])P(?:\\d+D)?T(?:\\d+H)?(?:\\d+M)?(?:\\d+(?:\\.\\d+)?S)?(?![A-Za-z0-9])");
    private static final DateTimeFormatter MACHINE = DateTimeFormatter.ISO_INSTANT;

    private Human() {
    }

    /** "250 ms", "1 s", "4.5 s", "2 min", "2 min 30 s", "1 h 5 min"; "—" for none. */
    @TemplateExtension(matchName = "human")
    public static String duration(Duration d) {
        if (d == null) {
            return "—";
        }
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            // seconds with at most three decimals and no trailing zeros: 1 s, 4.5 s, 1.25 s
            return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString() + " s";
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        long min = s / 60;
        return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
    }

    /** An instant to the second, in UTC: "2026-12-06 22:04:33 UTC"; "—" for none. */
    @TemplateExtension(matchName = "when")
    public static String when(Instant at) {
        return at == null ? "—" : WHEN.format(at);
    }

    /** An instant for a {@code datetime} attribute: ISO-8601, to the second (the page's script shows local time). */
    @TemplateExtension(matchName = "iso")
    public static String iso(Instant at) {
        return at == null ? "" : MACHINE.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * A time another service sent as text (alert-service's {@code sentAt}, which may carry nanoseconds): to the
     * second like {@link #when(Instant)}; a text that is no ISO-8601 instant is shown as it is.
     */
    public static String when(String at) {
        Instant parsed = parse(at);
        return parsed == null ? (at == null ? "—" : at) : when(parsed);
    }

    /** Like {@link #iso(Instant)} for a time given as text; empty when it is none. */
    public static String iso(String at) {
        Instant parsed = parse(at);
        return parsed == null ? "" : iso(parsed);
    }

    /** A time given as text (from another service's JSON), or null when it is none. */
    static Instant parse(Object at) {
        if (at instanceof Instant i) {
            return i;
        }
        if (at == null || at.toString().isBlank()) {
            return null;
        }
        try {
            return Instant.parse(at.toString().strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A berofos as the console names it: "berofos fra1-a" — the device's name with the word "berofos" in front,
     * unless the name starts with it already (so an inventory that names a device "berofos fra1-a" does not read
     * "berofos berofos fra1-a").
     */
    @TemplateExtension(matchName = "berofos")
    public static String berofos(String name) {
        if (name == null || name.isBlank()) {
            return "berofos";
        }
        String n = name.strip();
        return n.regionMatches(true, 0, "berofos", 0, 7) && (n.length() == 7 || !Character.isLetterOrDigit(n.charAt(7)))
                ? n : "berofos " + n;
    }

    /**
     * A text recorded elsewhere (an audit line's detail, e.g. {@code kickInterval=PT2S}) with its ISO-8601 durations
     * in words ({@code kickInterval=2 s}); the rest as it is.
     */
    @TemplateExtension(matchName = "words")
    public static String words(String text) {
        if (text == null || text.indexOf('P') < 0) {
            return text;
        }
        Matcher m = ISO_DURATION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String human;
            try {
                human = m.group().length() > 2 ? duration(Duration.parse(m.group())) : m.group();
            } catch (DateTimeParseException e) {
                human = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(human));
        }
        return m.appendTail(out).toString();
    }
}
