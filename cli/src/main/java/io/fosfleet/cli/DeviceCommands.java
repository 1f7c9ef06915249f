package io.fosfleet.cli;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.conf.BnfosConf;
import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.gbl4.ScanResult;
import io.fosfleet.protocol.http.ConfigReading;
import io.fosfleet.protocol.http.ConfigTxt;
import io.fosfleet.protocol.http.HttpDeviceClient;
import io.fosfleet.protocol.http.HttpDeviceClient.DeviceEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * The work of each mode against the device, with the reference tool's messages and exit statuses (0 success, 1
 * failure); {@code -c} repeats it.
 */
final class DeviceCommands implements AutoCloseable {

    /** A factory reset takes the device a while; the reference tool waits this long whatever {@code -t} says. */
    static final Duration RESET_TIMEOUT = Duration.ofSeconds(8);

    private final Invocation invocation;
    private final PrintStream out;
    private final Messages messages;
    private Gbl4Client gbl4;
    private HttpDeviceClient http;

    DeviceCommands(Invocation invocation, PrintStream out, Messages messages) {
        this.invocation = invocation;
        this.out = out;
        this.messages = messages;
    }

    /**
     * Runs the mode once, or with {@code -c} round after round until the pause says stop.
     *
     * @return the exit status of the last round
     * @throws CliFailure for a {@code --set} or {@code --get} key the tool does not know
     */
    int run(Pause pause) throws CliFailure {
        int status;
        do {
            status = once();
        } while (invocation.loop() && pause.await(invocation.waitTime()));
        return status;
    }

    private int once() throws CliFailure {
        return switch (invocation.mode()) {
            case SCAN -> scan();
            case NETCONF -> request(c -> c.setNetconf(invocation.host(), invocation.mac(), invocation.netConf(),
                    options()), "Setting network configuration succeeded!\n",
                    "Setting network configuration failed!\n");
            case PING -> request(c -> c.ping(invocation.host(), invocation.mac(), options()), "Ping succeeded!\n",
                    "Ping failed!\n");
            case KICK -> request(c -> c.kick(invocation.host(), invocation.mac(), options()),
                    "Watchdog successfully kicked!\n", "Watchdog did not response!\n");
            case RESET -> request(c -> c.reset(invocation.host(), invocation.mac(),
                    options().withTimeout(RESET_TIMEOUT)), "Reset succeeded!\n", "Reset failed!\n");
            case FLASH -> flash();
            case SET -> set();
            case GET, SHOW -> show();
        };
    }

    private int scan() {
        Path confFile = invocation.confFile();
        Writer conf = null;
        if (invocation.writeConf()) {
            try {
                // Opened (and emptied) before the scan, as the reference tool does, so that its messages come first.
                conf = Files.newBufferedWriter(confFile, StandardCharsets.ISO_8859_1);
                messages.notice("Writing results to: " + confFile + "\n");
            } catch (IOException e) {
                messages.warning("Failed to open " + confFile + ": " + SystemErrors.describe(e) + "\n");
            }
        }
        try (Writer confWriter = conf) {
            ScanResult result;
            try {
                result = await(gbl4().scan(invocation.host(), options()));
            } catch (DeviceIoException | IOException e) {
                reportGbl4(e);
                messages.warning("Network scanning failed!\n");
                return 1;
            }
            List<DeviceInfo> found = result.devices();
            // Only when it happens, so that the output of a normal scan stays the reference tool's.
            for (ScanResult.Found duplicate : result.duplicates()) {
                messages.warning("Warning: " + duplicate.mac() + " answered from " + duplicate.from().stream()
                        .map(InetAddress::getHostAddress).collect(Collectors.joining(", "))
                        + ": two devices share the MAC, or one of them is not what it claims\n");
            }
            for (int i = 0; i < found.size(); i++) {
                out.print(ScanListing.format(i + 1, found.get(i)));
            }
            out.flush();
            if (confWriter != null) {
                confWriter.write(BnfosConf.fromScan(found).format());
            }
            messages.notice("\n" + found.size() + " device" + (found.size() == 1 ? "" : "s") + " found.\n\n");
            return 0;
        } catch (IOException e) {
            messages.warning("Failed to write " + confFile + ": " + SystemErrors.describe(e) + "\n");
            return 1;
        }
    }

    /** A GBL4 request of one reply: the mode's success message, or libbnfos's reason and the failure message. */
    private int request(Exchange exchange, String succeeded, String failed) {
        try {
            await(exchange.send(gbl4()));
            messages.notice(succeeded);
            return 0;
        } catch (DeviceIoException | IOException e) {
            reportGbl4(e);
            messages.warning(failed);
            return 1;
        }
    }

    /** Sends one request with the client. */
    @FunctionalInterface
    private interface Exchange {
        CompletableFuture<?> send(Gbl4Client client);
    }

    private int flash() {
        byte[] image;
        try {
            image = Files.readAllBytes(Path.of(invocation.modeArgument()));
        } catch (IOException e) {
            messages.warning("Could not open firmware file: " + SystemErrors.describe(e) + "\n");
            return 1;
        }
        try {
            // Asked first, as the reference tool does, to tell "not found" and "not in flash mode" apart.
            if (!await(gbl4().getNetconf(invocation.host(), invocation.mac(), options())).flashMode()) {
                messages.warning("Device not in flashmode!\n");
                return 1;
            }
        } catch (DeviceIoException | IOException e) {
            reportGbl4(e);
            messages.warning("Device not found!\n");
            return 1;
        }
        try {
            await(gbl4().flash(invocation.host(), invocation.mac(), image,
                    (page, pages) -> messages.info("\rPage " + page + " of " + pages + " flashed..."), options()));
            messages.info("\n");
            messages.notice("Flashing succeeded!\n");
            return 0;
        } catch (DeviceIoException | IOException | IllegalArgumentException e) {
            reportGbl4(e);
            messages.warning("Flashing failed!\n");
            return 1;
        }
    }

    private int set() throws CliFailure {
        String argument = invocation.modeArgument();
        int eq = argument.indexOf('=');
        String name = eq < 0 ? argument : argument.substring(0, eq);
        String value = eq < 0 ? null : argument.substring(eq + 1);
        Key key = keyNamed(name).orElseThrow(() -> new CliFailure(Usage.keys(Usage.KeyList.INVALID_PAIR)));
        if (value == null && key.writable()) {
            throw new CliFailure(Usage.keys(Usage.KeyList.NO_PAIR));
        }
        if (!key.settableByBnfos()) {
            messages.warning("Setting " + name + " failed: This key cannot be set with bnfos!\n");
            return 1;
        }
        String normalized;
        try {
            normalized = key.normalize(value);
        } catch (InvalidValueException e) {
            messages.warning("Setting " + name + " failed: " + invalidValue(key, value) + "\n");
            return 1;
        }
        try {
            await(http().set(endpoint(), key, normalized));
            messages.notice("Setting " + name + " succeeded!\n");
            return 0;
        } catch (DeviceIoException e) {
            messages.error(httpFailure(e, "to change value!"));
            messages.warning("Setting " + name + " failed!\n");
            return 1;
        }
    }

    /** {@code --get key} prints one value, {@code --show} all readable ones. */
    private int show() throws CliFailure {
        Key only = null;
        if (invocation.mode() == Mode.GET) {
            only = keyNamed(invocation.modeArgument()).filter(Key::readable)
                    .orElseThrow(() -> new CliFailure(Usage.keys(Usage.KeyList.INVALID_KEY)));
        }
        ConfigReading reading;
        try {
            reading = await(http().readConfig(endpoint()));
        } catch (DeviceIoException e) {
            messages.error(httpFailure(e, "to get configuration!"));
            messages.warning("Retrieving configuration and status failed!\n");
            return 1;
        }
        if (!ConfigTxt.MAGIC_VERSION.equals(reading.magicVersion())) {
            messages.warning("Firmware version does not match, expect incorrect values!\n");
        }
        if (only != null) {
            messages.notice(only.keyword() + " = " + shown(reading, only) + "\n");
            return 0;
        }
        StringBuilder text = new StringBuilder("Configuration of device " + invocation.host().getHostAddress() + ":\n");
        for (Key key : Key.values()) {
            if (key.readable()) {
                text.append(String.format(" %-10s= %s\n", key.keyword(), shown(reading, key)));
            }
        }
        messages.notice(text.append('\n').toString());
        return 0;
    }

    /** A value the device did not report shows as the reference tool's printf shows a null string. */
    private static String shown(ConfigReading reading, Key key) {
        return reading.get(key).orElse("(null)");
    }

    /** Keywords are matched without regard to case, as the reference tool does. */
    private static Optional<Key> keyNamed(String keyword) {
        return Key.byKeyword(keyword.toLowerCase(Locale.ROOT));
    }

    /** Why a --set value is refused: the reference tool's words where it checked the type, else what is allowed. */
    private static String invalidValue(Key key, String value) {
        return switch (key.type()) {
            case BOOL -> "Value has to be 0 or 1!";
            case PORT -> "Value not in range 1 to 65535!";
            case IPV4 -> "No valid ip address!";
            case SECRET -> value.length() > 15 ? "Password exceeded length 15!"
                    : "Value has to be " + key.type().allowed() + "!";
            default -> "Value has to be " + key.type().allowed() + "!";
        };
    }

    /** What libbnfos (and curl under it) said about a failed HTTP request. */
    private static String httpFailure(DeviceIoException e, String purpose) {
        return switch (e.kind()) {
            case TIMEOUT -> "Timeout was reached\n";
            case UNREACHABLE -> e.getCause() instanceof ConnectException ? "Couldn't connect to server\n"
                    : "Failure when receiving data from the peer\n";
            case BAD_CREDENTIALS -> "Invalid username/password " + purpose + "\n";
            case HTTP_STATUS -> "Failed " + purpose + "\n";
            case NO_CONFIGURATION -> "No valid configuration information found!\n";
            default -> e.getMessage() + "\n";
        };
    }

    /** What libbnfos said about a failed GBL4 request; a request without answer it passed over in silence. */
    private void reportGbl4(Exception e) {
        if (e instanceof IOException) {
            messages.error("Failed to bind: " + e.getMessage() + "\n");
        } else if (e instanceof DeviceIoException d) {
            switch (d.kind()) {
                case TIMEOUT -> {
                    // Silent, as in the reference tool: the mode's own message says it.
                }
                case UNREACHABLE -> messages.error("Failed to send: "
                        + (d.getCause() != null ? d.getCause().getMessage() : d.getMessage()) + "\n");
                case DEVICE_ERROR -> messages.error(d.getMessage() + "!\n");
                default -> messages.error(d.getMessage() + "\n");
            }
        } else {
            messages.error(e.getMessage() + "\n");
        }
    }

    private Gbl4Client.Options options() {
        return Gbl4Client.Options.defaults().withTimeout(invocation.timeout());
    }

    /** Opened on first use, so that HTTP modes do not bind a UDP socket. */
    private Gbl4Client gbl4() throws IOException {
        if (gbl4 == null) {
            gbl4 = Gbl4Client.open();
        }
        return gbl4;
    }

    private HttpDeviceClient http() {
        if (http == null) {
            http = new HttpDeviceClient(invocation.timeout());
        }
        return http;
    }

    private DeviceEndpoint endpoint() {
        return new DeviceEndpoint(invocation.host().getHostAddress(), invocation.httpPort(), invocation.login());
    }

    private static <T> T await(CompletableFuture<T> future) throws DeviceIoException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof DeviceIoException d) {
                throw d;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (gbl4 != null) {
            gbl4.close();
        }
    }
}
