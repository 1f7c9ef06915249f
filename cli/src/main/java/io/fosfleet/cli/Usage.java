package io.fosfleet.cli;

import io.fosfleet.cli.ShortOption.Occurrence;
import io.fosfleet.cli.ShortOption.Section;
import io.fosfleet.protocol.Key;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** The reference tool's help texts, built from the mode, option and key tables. */
final class Usage {

    /** Why a key list is shown: its heading. */
    enum KeyList {
        HELP(" valid '--set' <key>=<value> pairs / '--get' keys:\n", true),
        INVALID_PAIR("Invalid key-value pair given, valid pairs:\n", true),
        NO_PAIR("No key-value pair given, valid pairs:\n", true),
        INVALID_KEY("Invalid key given, valid keys:\n", false);

        private final String heading;
        private final boolean withValues;

        KeyList(String heading, boolean withValues) {
            this.heading = heading;
            this.withValues = withValues;
        }
    }

    private Usage() {
    }

    /**
     * The usage text: what the reference tool prints when no mode is given; {@code withAdditions} adds our own
     * options (for {@code --help}).
     */
    static String text(Path confFile, boolean withAdditions) {
        StringBuilder out = new StringBuilder("\nUsage: bnfos <MODE> ...\n\n");
        out.append(" operation modes:\n");
        for (Mode mode : Mode.values()) {
            out.append(modeLine(mode)).append('\n');
            out.append("   ").append(mode.description()).append("\n\n");
        }
        out.append(" arguments:\n");
        for (Section section : Section.values()) {
            for (ShortOption option : ShortOption.values()) {
                if (option.group().in(section)) {
                    out.append(argumentLine(option, section, confFile));
                }
            }
            out.append('\n');
        }
        if (withAdditions) {
            out.append(" fosfleet additions:\n");
            out.append("  --conf <file>\tuse 'file' instead of ").append(Bnfos.DEFAULT_CONF_FILE)
                    .append(" (also: environment variable ").append(Bnfos.CONF_ENV).append(")\n");
            out.append("  --help\t\tshow this text\n\n");
        }
        out.append(keys(KeyList.HELP));
        out.append('\n');
        return out.toString();
    }

    /** e.g. {@code --flash <file> { -m <mac> -h <host> | -f <id> } [-t <sec>] [-s]}. */
    private static String modeLine(Mode mode) {
        StringBuilder line = new StringBuilder("  --").append(mode.longName());
        if (mode.takesArgument()) {
            line.append(" <").append(mode.argumentName()).append('>');
        }
        for (ShortOption o : ShortOption.values()) {
            if (o.occurrence(mode) == Occurrence.REQUIRED) {
                line.append(' ').append(word(o));
            }
        }
        boolean requiredAlternatives = has(mode, Occurrence.REQUIRED_OR_ALTERNATIVE);
        if (requiredAlternatives || has(mode, Occurrence.ALLOWED_OR_ALTERNATIVE)) {
            line.append(" {");
            for (ShortOption o : ShortOption.values()) {
                if (o.occurrence(mode) == Occurrence.REQUIRED_OR_ALTERNATIVE) {
                    line.append(' ').append(word(o));
                } else if (o.occurrence(mode) == Occurrence.ALLOWED_OR_ALTERNATIVE) {
                    line.append(" [").append(word(o)).append(']');
                }
            }
            Optional<ShortOption> alternative = ShortOption.alternative(mode);
            alternative.ifPresent(o -> line.append(requiredAlternatives ? " | " + word(o) : " | [" + word(o) + "]"));
            line.append(" }");
        }
        for (ShortOption o : ShortOption.values()) {
            if (o.occurrence(mode) == Occurrence.ALLOWED) {
                line.append(" [").append(word(o)).append(']');
            }
        }
        return line.toString();
    }

    private static boolean has(Mode mode, Occurrence occurrence) {
        return Arrays.stream(ShortOption.values()).anyMatch(o -> o.occurrence(mode) == occurrence);
    }

    /** {@code -m <mac>} or {@code -c}. */
    private static String word(ShortOption o) {
        return "-" + o.letter() + (o.takesArgument() ? " <" + o.argumentName() + ">" : "");
    }

    /** One line of an option list: {@code   -m <mac>\tmac address of the device (…)}. */
    static String argumentLine(ShortOption option, Section section, Path confFile) {
        return "  " + option.synopsis() + "\t" + section.prefix() + option.description(confFile) + "\n";
    }

    /** The key list of the help text and of the {@code --set}/{@code --get} errors. */
    static String keys(KeyList list) {
        StringBuilder out = new StringBuilder(list.heading);
        for (Key key : Key.values()) {
            String value = list.withValues ? placeholder(key) : "";
            // The reference tool pads keyword and value to 20 characters, not counting the '='.
            out.append("  ").append(key.keyword()).append(list.withValues ? "=" : "").append(value)
                    .append(" ".repeat(Math.max(0, 20 - key.keyword().length() - value.length())));
            out.append(key.help()).append(key.readable() ? "" : " (only --set)").append('\n');
        }
        return out.toString();
    }

    /** {@code {0|1}}, {@code {1..65535}} or the device's name for the value, e.g. {@code <dn>}. */
    private static String placeholder(Key key) {
        return switch (key.type()) {
            case BOOL -> "{0|1}";
            case PORT -> "{1..65535}";
            default -> "<" + deviceName(key) + ">";
        };
    }

    /** The value's name on the device: the config.txt key without its command, else the set request's parameter. */
    private static String deviceName(Key key) {
        if (key.configKey() != null) {
            return key.configKey().substring(key.configKey().indexOf('_') + 1);
        }
        if (key.setParam() != null) {
            return key.setParam().substring(0, key.setParam().indexOf('='));
        }
        // The test mail request has no value; the reference tool shows this placeholder for it.
        return "XXXXX";
    }

    /**
     * The reference tool's answer to missing options: the missing ones, then the optional ones not given, general
     * before netconf.
     */
    static String missingArguments(Mode mode, Map<ShortOption, String> given, Path confFile) {
        StringBuilder out = new StringBuilder();
        boolean alternativeGiven = ShortOption.alternative(mode).map(given::containsKey).orElse(false);
        for (ShortOption o : ShortOption.values()) {
            Occurrence occurrence = o.occurrence(mode);
            boolean missing = !given.containsKey(o) && (occurrence == Occurrence.REQUIRED
                    || (occurrence == Occurrence.REQUIRED_OR_ALTERNATIVE && !alternativeGiven));
            if (missing) {
                if (out.isEmpty()) {
                    out.append("Mandatory arguments missing:\n\n");
                }
                out.append("  ").append(o.synopsis()).append('\t').append(o.description(confFile)).append('\n');
            }
        }
        if (out.isEmpty()) {
            return "";
        }
        boolean headed = false;
        for (Section section : Section.values()) {
            boolean listed = false;
            for (ShortOption o : ShortOption.values()) {
                Occurrence occurrence = o.occurrence(mode);
                boolean optional = occurrence == Occurrence.ALLOWED || occurrence == Occurrence.ALLOWED_OR_ALTERNATIVE
                        || occurrence == Occurrence.ALTERNATIVE;
                if (o.group().in(section) && optional && !given.containsKey(o)) {
                    if (!headed) {
                        out.append("\nOptional arguments:\n\n");
                        headed = true;
                    }
                    out.append(argumentLine(o, section, confFile));
                    listed = true;
                }
            }
            if (listed) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
