package io.fosfleet.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The command line as the reference tool reads it with GNU getopt_long: options in any order, non-option words
 * ignored, {@code --} ends the options, long options may be shortened to an unambiguous prefix and take their value
 * as {@code --flash=file} or {@code --flash file}, short options may be grouped ({@code -cs}) and take their value
 * attached or as the next word. The rules checked while reading (a mode first, once, each option once and only in a
 * mode that allows it) print the reference tool's messages.
 *
 * @param mode null when none was given
 * @param modeArgument the value of {@code --flash}, {@code --set} or {@code --get}; null otherwise
 * @param options each option given, with its value ("" for a flag)
 * @param confFile the value of {@code --conf}; null when not given
 * @param help {@code --help} was given
 */
record CommandLine(Mode mode, String modeArgument, Map<ShortOption, String> options, String confFile, boolean help) {

    /** What the getopt error messages start with, as glibc prints argv[0]. */
    static final String PROGRAM = "bnfos";

    CommandLine {
        EnumMap<ShortOption, String> copy = new EnumMap<>(ShortOption.class);
        copy.putAll(options);
        options = Collections.unmodifiableMap(copy);
    }

    /** A long option: a mode, or one of ours. */
    private record LongOption(String name, boolean takesArgument, Mode mode) {

        /**
         * glibc takes two prefix matches as one option when they agree in argument and meaning (all modes are one
         * meaning to getopt_long).
         */
        boolean sameAs(LongOption other) {
            return takesArgument == other.takesArgument && (mode == null) == (other.mode == null)
                    && (mode != null || name.equals(other.name));
        }
    }

    private static final String CONF = "conf";
    private static final String HELP = "help";
    private static final List<LongOption> LONG_OPTIONS;

    static {
        List<LongOption> all = new ArrayList<>();
        Arrays.stream(Mode.values()).forEach(m -> all.add(new LongOption(m.longName(), m.takesArgument(), m)));
        all.add(new LongOption(CONF, true, null));
        all.add(new LongOption(HELP, false, null));
        LONG_OPTIONS = List.copyOf(all);
    }

    boolean has(ShortOption option) {
        return options.containsKey(option);
    }

    String value(ShortOption option) {
        return options.get(option);
    }

    static CommandLine parse(String[] args) throws CliFailure {
        Parser p = new Parser();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("--")) {
                i = p.longOption(args, i);
                if (p.help) {
                    break;
                }
            } else if (arg.length() > 1 && arg.startsWith("-")) {
                i = p.shortOptions(args, i);
            }
            // Any other word is not an option; the reference tool ignores it.
        }
        return new CommandLine(p.mode, p.modeArgument, p.options, p.confFile, p.help);
    }

    /**
     * The same command as canonical words, e.g. for the detached copy of this process: the mode, then the options in
     * table order, then ours.
     */
    List<String> toArgs() {
        List<String> args = new ArrayList<>();
        args.add("--" + mode.longName());
        if (mode.takesArgument()) {
            args.add(modeArgument);
        }
        options.forEach((option, value) -> {
            args.add("-" + option.letter());
            if (option.takesArgument()) {
                args.add(value);
            }
        });
        if (confFile != null) {
            args.add("--" + CONF);
            args.add(confFile);
        }
        return args;
    }

    /** This command with an option removed or added (a flag). */
    CommandLine without(ShortOption option) {
        Map<ShortOption, String> changed = new EnumMap<>(options);
        changed.remove(option);
        return new CommandLine(mode, modeArgument, changed, confFile, help);
    }

    CommandLine withFlag(ShortOption option) {
        Map<ShortOption, String> changed = new EnumMap<>(options);
        changed.put(option, "");
        return new CommandLine(mode, modeArgument, changed, confFile, help);
    }

    /** Reading state, as getopt_long's caller keeps it. */
    private static final class Parser {
        Mode mode;
        String modeArgument;
        final Map<ShortOption, String> options = new EnumMap<>(ShortOption.class);
        String confFile;
        boolean help;

        /** Reads {@code args[i]} (and its value); returns the index of the last word used. */
        int longOption(String[] args, int i) throws CliFailure {
            String text = args[i].substring(2);
            int eq = text.indexOf('=');
            String name = eq < 0 ? text : text.substring(0, eq);
            String inlineValue = eq < 0 ? null : text.substring(eq + 1);
            LongOption option = resolve(name, text);
            String value = null;
            if (option.takesArgument()) {
                if (inlineValue != null) {
                    value = inlineValue;
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw getoptError("option '--" + option.name() + "' requires an argument");
                }
            } else if (inlineValue != null) {
                throw getoptError("option '--" + option.name() + "' doesn't allow an argument");
            }
            if (option.mode() != null) {
                if (mode != null) {
                    throw new CliFailure("Unexpected '--" + option.name() + "' argument!\n");
                }
                mode = option.mode();
                modeArgument = value;
            } else if (option.name().equals(HELP)) {
                help = true;
            } else {
                if (confFile != null) {
                    throw new CliFailure("Argument '--" + CONF + "' only allowed once!\n");
                }
                confFile = value;
            }
            return i;
        }

        /** The option a name or unambiguous prefix means, with glibc's messages otherwise. */
        private LongOption resolve(String name, String text) throws CliFailure {
            LongOption found = null;
            List<LongOption> ambiguous = new ArrayList<>();
            for (LongOption o : LONG_OPTIONS) {
                if (o.name().equals(name)) {
                    return o;
                }
                if (o.name().startsWith(name)) {
                    if (found == null) {
                        found = o;
                    } else if (!found.sameAs(o)) {
                        if (ambiguous.isEmpty()) {
                            ambiguous.add(found);
                        }
                        ambiguous.add(o);
                    }
                }
            }
            if (!ambiguous.isEmpty()) {
                StringBuilder message = new StringBuilder("option '--" + text + "' is ambiguous; possibilities:");
                ambiguous.forEach(o -> message.append(" '--").append(o.name()).append('\''));
                throw getoptError(message.toString());
            }
            if (found == null) {
                throw getoptError("unrecognized option '--" + text + "'");
            }
            return found;
        }

        /** Reads the group of short options in {@code args[i]}; returns the index of the last word used. */
        int shortOptions(String[] args, int i) throws CliFailure {
            String group = args[i];
            for (int j = 1; j < group.length(); j++) {
                char letter = group.charAt(j);
                ShortOption option = ShortOption.of(letter)
                        .orElseThrow(() -> getoptError("invalid option -- '" + letter + "'"));
                String value = "";
                if (option.takesArgument()) {
                    if (j + 1 < group.length()) {
                        value = group.substring(j + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw getoptError("option requires an argument -- '" + letter + "'");
                    }
                    j = group.length();
                }
                accept(option, value);
            }
            return i;
        }

        private void accept(ShortOption option, String value) throws CliFailure {
            if (mode == null) {
                throw new CliFailure("Invalid first argument, expecting an operation mode!\n");
            }
            if (options.containsKey(option)) {
                throw new CliFailure("Argument '-" + option.letter() + "' only allowed once!\n");
            }
            if (option.occurrence(mode) == ShortOption.Occurrence.FORBIDDEN) {
                throw new CliFailure("No argument '-" + option.letter() + "' allowed in this mode!\n");
            }
            options.put(option, value);
        }

        private static CliFailure getoptError(String message) {
            return new CliFailure(PROGRAM + ": " + message + "\n", true);
        }
    }
}
