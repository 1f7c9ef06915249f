package io.fosfleet.testing;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Runs a {@link KafkaBroker} on its own until the process is stopped (Ctrl-C or SIGTERM), for running fosfleet on one
 * machine: {@code java io.fosfleet.testing.KafkaBrokerMain [--port 9092] [--data-dir DIR]}.
 */
public final class KafkaBrokerMain {

    static final int DEFAULT_PORT = 9092;
    private static final String USAGE = "usage: KafkaBrokerMain [--port PORT] [--data-dir DIR]\n"
            + "  --port PORT     client port on 127.0.0.1, 0 for any free one (default " + DEFAULT_PORT + ")\n"
            + "  --data-dir DIR  where the broker creates its data directory, removed on exit (default: the temp directory)";

    private KafkaBrokerMain() {
    }

    /** The command line, parsed. */
    record Options(int port, Path dataRoot) {

        static Options parse(String... args) {
            int port = DEFAULT_PORT;
            Path dataRoot = KafkaBroker.defaultDataRoot();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (!flag.equals("--port") && !flag.equals("--data-dir")) {
                    throw new IllegalArgumentException("unknown argument \"" + flag + "\"");
                }
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                if (flag.equals("--port")) {
                    port = parsePort(value);
                } else {
                    dataRoot = Paths.get(value);
                }
            }
            return new Options(port, dataRoot);
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below, with the allowed range
            }
            throw new IllegalArgumentException("--port \"" + value + "\" is not a port; allowed 0..65535");
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        KafkaBroker broker = KafkaBroker.start(options.port(), options.dataRoot());
        // Ctrl-C and SIGTERM run shutdown hooks: the broker stops cleanly and its data directory is deleted.
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
        System.out.println("Kafka broker listening on " + broker.bootstrapServers());
        System.out.flush();
        // The broker runs on its own threads; main only has to outlive them until the signal arrives.
        Thread.currentThread().join();
    }
}
