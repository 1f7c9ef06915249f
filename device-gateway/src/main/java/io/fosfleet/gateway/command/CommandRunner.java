package io.fosfleet.gateway.command;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.CommandResult.Failure;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.gateway.device.DeviceContext;
import io.fosfleet.gateway.device.DeviceWorker;
import io.fosfleet.gateway.discovery.Discovery;
import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.gbl4.Gbl4Client;
import io.fosfleet.protocol.gbl4.NetConf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Turns one {@link DeviceCommand} into device requests and their outcome into a {@link CommandResult}. */
public final class CommandRunner {

    private final DeviceContext ctx;
    private final Discovery discovery;

    public CommandRunner(DeviceContext ctx, Discovery discovery) {
        this.ctx = ctx;
        this.discovery = discovery;
    }

    /** A command the gateway refuses before any device request: a missing or invalid parameter, a secret. */
    private static final class Refused extends RuntimeException {

        private final Failure failure;

        Refused(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }
    }

    /** Runs a discovery; it needs no owned device. */
    public CompletableFuture<CommandResult> scan(DeviceCommand command) {
        return finish(command, () -> discovery.scan(command.parameters()), Duration.ofMillis(
                ctx.config().discovery().timeout().toMillis() * 2 + 1000));
    }

    /** Runs a command against an owned device, within the command time limit. */
    public CompletableFuture<CommandResult> run(DeviceCommand command, DeviceWorker device) {
        Duration limit = command.type() == DeviceCommand.Type.FLASH ? ctx.config().commands().flashTimeout()
                : ctx.config().commands().timeout();
        return finish(command, () -> start(command, device), limit);
    }

    private CompletableFuture<CommandResult> finish(DeviceCommand command,
                                                    Supplier<CompletableFuture<Map<String, String>>> action,
                                                    Duration limit) {
        CompletableFuture<Map<String, String>> running;
        try {
            running = action.get();
        } catch (Refused | InvalidValueException e) {
            running = CompletableFuture.failedFuture(e);
        }
        return running.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).handleAsync((details, failure) -> {
            if (failure == null) {
                return CommandResult.done(command, ctx.clock().instant(), ctx.source(), null, details);
            }
            Throwable cause = unwrap(failure);
            Failure reason;
            String message;
            if (cause instanceof Refused r) {
                reason = r.failure;
                message = r.getMessage();
            } else if (cause instanceof InvalidValueException e) {
                reason = Failure.REJECTED_VALUE;
                message = e.getMessage();
            } else if (cause instanceof TimeoutException) {
                reason = Failure.TIMEOUT;
                message = "no outcome within " + limit.toSeconds() + " s";
            } else {
                DeviceIoException e = DeviceWorker.deviceError(cause);
                reason = failure(e.kind());
                message = e.getMessage();
            }
            return CommandResult.failed(command, ctx.clock().instant(), ctx.source(), reason, message);
        }, ctx.loop());
    }

    private CompletableFuture<Map<String, String>> start(DeviceCommand command, DeviceWorker device) {
        Map<String, String> p = command.parameters();
        return switch (command.type()) {
            case SWITCH_RELAY -> set(device, Key.MODE, required(p, "mode"));
            case SET_POWER -> {
                String port = required(p, "port");
                if (!port.equals("1") && !port.equals("2")) {
                    throw new Refused(Failure.REJECTED_VALUE, "parameter port is '" + port + "', allowed 1 or 2");
                }
                yield set(device, port.equals("1") ? Key.POWER1 : Key.POWER2, required(p, "on"));
            }
            case WATCHDOG_ENABLE, WATCHDOG_REARM -> set(device, Key.WDOG, "1");
            case WATCHDOG_DISABLE -> set(device, Key.WDOG, "0");
            case TEST_MAIL -> set(device, Key.SMTPTEST, "");
            case SET_KEY -> {
                String keyword = required(p, "key");
                Key key = Key.byKeyword(keyword).orElseThrow(() -> new Refused(Failure.REJECTED_VALUE,
                        "parameter key '" + keyword + "' is not a berofos key"));
                if (key.secret()) {
                    throw new Refused(Failure.REJECTED_VALUE, keyword + " is a password: passwords never travel on "
                            + "Kafka; set it on the device directly");
                }
                yield set(device, key, p.getOrDefault("value", "")).thenApply(details -> {
                    if ("true".equals(p.get("updateDesired"))) {
                        // config-service changed the desired value in the same request: not drift, not undone
                        device.awaitDesired(key, details.get("value"));
                    }
                    return details;
                });
            }
            case KICK -> gbl4(device).kick(device.address(), device.mac(), device.gbl4Options())
                    .thenApply(ack -> Map.of());
            case PING -> {
                long started = System.nanoTime();
                yield gbl4(device).ping(device.address(), device.mac(), device.gbl4Options())
                        .thenApply(pong -> Map.of("rttMs", Long.toString(
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))));
            }
            case NETCONF -> inFlashMode(device).thenCompose(info -> {
                NetConf netConf = netConf(info.netConf(), p);
                return gbl4(device).setNetconf(device.address(), device.mac(), netConf, device.gbl4Options())
                        .thenApply(v -> Map.of("address", netConf.address().toString(), "netmask",
                                netConf.netmask().toString(), "gateway", netConf.gateway().toString(), "httpPort",
                                Integer.toString(netConf.httpPort()), "appliesAt", "next restart"));
            });
            case RESET -> inFlashMode(device).thenCompose(info -> gbl4(device).reset(device.address(), device.mac(),
                    device.gbl4Options().withTimeout(ctx.config().gbl4().resetTimeout())))
                    .thenApply(v -> Map.of());
            case FLASH -> {
                byte[] image = firmware(required(p, "firmware"));
                yield gbl4(device).flash(device.address(), device.mac(), image, (page, total) -> { },
                                device.gbl4Options())
                        .thenApply(v -> Map.of("bytes", Integer.toString(image.length)));
            }
            case SCAN -> discovery.scan(p);
        };
    }

    /** One HTTP set request, refused at once while the device is in flash mode; a poll then shows the change. */
    private CompletableFuture<Map<String, String>> set(DeviceWorker device, Key key, String input) {
        String value = key.normalize(input);
        if (device.devmode()) {
            throw new Refused(Failure.FLASH_MODE, "the device is in flash mode: its web server is off, only GBL4 works");
        }
        if (device.credentialRefusal() != null) {
            throw new Refused(Failure.BAD_CREDENTIALS, device.credentialRefusal());
        }
        return ctx.http().set(device.endpoint(), key, value).thenApply(v -> {
            device.requestPoll();
            Map<String, String> details = new LinkedHashMap<>();
            details.put("key", key.keyword());
            if (!key.secret() && key.type() != ValueType.ACTION) {
                details.put("value", value);
            }
            return details;
        });
    }

    private Gbl4Client gbl4(DeviceWorker device) {
        if (device.mac() == null) {
            throw new Refused(Failure.REJECTED_VALUE, "the configured MAC '" + device.config().mac() + "' is not valid");
        }
        if (device.address() == null) {
            throw new Refused(Failure.UNREACHABLE, "host " + device.config().host() + " does not resolve");
        }
        return ctx.gbl4();
    }

    /** Netconf and reset are bootloader operations: read the device first and refuse when it runs its firmware. */
    private CompletableFuture<DeviceInfo> inFlashMode(DeviceWorker device) {
        return gbl4(device).getNetconf(device.address(), device.mac(), device.gbl4Options()).thenApply(info -> {
            if (!info.flashMode()) {
                throw new Refused(Failure.FLASH_MODE, "the device runs its firmware; netconf and reset need flash mode "
                        + "(power it up with the black key held)");
            }
            return info;
        });
    }

    /** The device's current network settings with the command's parameters put over them. */
    private static NetConf netConf(NetConf current, Map<String, String> p) {
        Ipv4Address address = p.containsKey("address") ? Ipv4Address.parse(p.get("address")) : current.address();
        Ipv4Address netmask = p.containsKey("netmask") ? Ipv4Address.parse(p.get("netmask"))
                : p.containsKey("address") ? address.classfulNetmask() : current.netmask();
        Ipv4Address gateway = p.containsKey("gateway") ? Ipv4Address.parse(p.get("gateway")) : current.gateway();
        int options = current.options();
        options = flag(options, NetConf.OPT_DHCP, p.get("dhcp"), "dhcp");
        options = flag(options, NetConf.OPT_HTTP_AUTH, p.get("httpauth"), "httpauth");
        int phy = current.phyConf();
        if (p.containsKey("phy")) {
            // as bnfos -e: 0 auto, 1 10 Mbit, 2 100 Mbit
            phy = switch (p.get("phy")) {
                case "0" -> NetConf.PHY_PROBE_AUTO;
                case "1" -> NetConf.PHY_PROBE_10MBIT;
                case "2" -> NetConf.PHY_PROBE_100MBIT;
                default -> throw new Refused(Failure.REJECTED_VALUE, "parameter phy is '" + p.get("phy")
                        + "', allowed 0 (auto), 1 (10 Mbit), 2 (100 Mbit)");
            };
        }
        int port = p.containsKey("port") ? Integer.parseInt(Key.PORT.normalize(p.get("port"))) : current.httpPort();
        return new NetConf(address, netmask, gateway, phy, options, port);
    }

    private static int flag(int options, int bit, String input, String name) {
        if (input == null) {
            return options;
        }
        boolean on = ValueType.BOOL.normalize(name, input).equals("1");
        return on ? options | bit : options & ~bit;
    }

    private byte[] firmware(String name) {
        Path dir = ctx.config().commands().firmwareDir().orElseThrow(() -> new Refused(
                Failure.REJECTED_VALUE, "this gateway has no firmware directory (fosfleet.gateway.commands.firmware-dir)"));
        Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new Refused(Failure.REJECTED_VALUE, "parameter firmware '" + name + "' is not a file in " + dir);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Refused(Failure.INTERNAL, "cannot read firmware " + file + ": " + e.getMessage());
        }
    }

    private static String required(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw new Refused(Failure.REJECTED_VALUE, "parameter " + name + " is missing");
        }
        return value;
    }

    /** What a device I/O failure means for the requester. */
    static Failure failure(DeviceIoException.Kind kind) {
        return switch (kind) {
            case TIMEOUT -> Failure.TIMEOUT;
            case UNREACHABLE -> Failure.UNREACHABLE;
            case BAD_CREDENTIALS -> Failure.BAD_CREDENTIALS;
            // the device refused the request (HTTP 400, a GBL4 error code)
            case HTTP_STATUS, DEVICE_ERROR -> Failure.REJECTED_VALUE;
            case WRONG_DEVICE_MODE -> Failure.FLASH_MODE;
            case NO_CONFIGURATION, BAD_REPLY, REPLY_TOO_LARGE -> Failure.INTERNAL;
        };
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
