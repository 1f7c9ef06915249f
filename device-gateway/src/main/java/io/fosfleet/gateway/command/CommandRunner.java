package io.fosfleet.gateway.command;

import io.fosfleet.events.Command;
import io.fosfleet.events.CommandResult;
import io.fosfleet.events.CommandResult.Failure;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.InvalidFieldException;
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

    /** A command the gateway refuses before any device request: no firmware directory, a device it cannot reach. */
    private static final class Refused extends RuntimeException {

        private final Failure failure;

        Refused(Failure failure, String message) {
            super(message, null, false, false);
            this.failure = failure;
        }
    }

    /** Runs a discovery; it needs no owned device. */
    public CompletableFuture<CommandResult> scan(DeviceCommand command) {
        return finish(command, () -> discovery.scan((Command.Scan) command.command()), Duration.ofMillis(
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
        } catch (Refused | InvalidValueException | InvalidFieldException e) {
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
            } else if (cause instanceof InvalidValueException || cause instanceof InvalidFieldException) {
                reason = Failure.REJECTED_VALUE;
                message = cause.getMessage();
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
        return command.command().accept(new Command.Handler<>() {
            @Override
            public CompletableFuture<Map<String, String>> switchRelay(Command.SwitchRelay c) {
                return set(device, Key.MODE, Integer.toString(c.mode().wireValue()));
            }

            @Override
            public CompletableFuture<Map<String, String>> setPower(Command.SetPower c) {
                return set(device, c.key(), c.on() ? "1" : "0");
            }

            @Override
            public CompletableFuture<Map<String, String>> watchdogEnable(Command.WatchdogEnable c) {
                return set(device, Key.WDOG, "1");
            }

            @Override
            public CompletableFuture<Map<String, String>> watchdogDisable(Command.WatchdogDisable c) {
                return set(device, Key.WDOG, "0");
            }

            @Override
            public CompletableFuture<Map<String, String>> watchdogRearm(Command.WatchdogRearm c) {
                return set(device, Key.WDOG, "1");
            }

            @Override
            public CompletableFuture<Map<String, String>> setKey(Command.SetKey c) {
                return set(device, c.key(), c.value()).thenApply(details -> {
                    if (c.updateDesired()) {
                        // config-service changed the desired value in the same request: not drift, not undone
                        device.awaitDesired(c.key(), c.value());
                    }
                    return details;
                });
            }

            @Override
            public CompletableFuture<Map<String, String>> kick(Command.Kick c) {
                return gbl4(device).kick(device.address(), device.mac(), device.gbl4Options()).thenApply(ack -> Map.of());
            }

            @Override
            public CompletableFuture<Map<String, String>> ping(Command.Ping c) {
                long started = System.nanoTime();
                return gbl4(device).ping(device.address(), device.mac(), device.gbl4Options())
                        .thenApply(pong -> Map.of("rttMs", Long.toString(
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))));
            }

            @Override
            public CompletableFuture<Map<String, String>> testMail(Command.TestMail c) {
                return set(device, Key.SMTPTEST, "");
            }

            @Override
            public CompletableFuture<Map<String, String>> netconf(Command.Netconf c) {
                return inFlashMode(device).thenCompose(info -> {
                    NetConf netConf = netConf(info.netConf(), c);
                    return gbl4(device).setNetconf(device.address(), device.mac(), netConf, device.gbl4Options())
                            .thenApply(v -> Map.of(Command.Netconf.ADDRESS, netConf.address().toString(),
                                    Command.Netconf.NETMASK, netConf.netmask().toString(), Command.Netconf.GATEWAY,
                                    netConf.gateway().toString(), "httpPort",
                                    Integer.toString(netConf.httpPort()), "appliesAt", "next restart"));
                });
            }

            @Override
            public CompletableFuture<Map<String, String>> flash(Command.Flash c) {
                byte[] image = firmware(c.firmware());
                return gbl4(device).flash(device.address(), device.mac(), image, (page, total) -> { },
                                device.gbl4Options())
                        .thenApply(v -> Map.of("bytes", Integer.toString(image.length)));
            }

            @Override
            public CompletableFuture<Map<String, String>> reset(Command.Reset c) {
                return inFlashMode(device).thenCompose(info -> gbl4(device).reset(device.address(), device.mac(),
                        device.gbl4Options().withTimeout(ctx.config().gbl4().resetTimeout())))
                        .thenApply(v -> Map.of());
            }

            @Override
            public CompletableFuture<Map<String, String>> scan(Command.Scan c) {
                return discovery.scan(c);
            }
        });
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
            // named as a SET_KEY names them, whichever command set the key
            details.put(Command.SetKey.KEY, key.keyword());
            if (!key.secret() && key.type() != ValueType.ACTION) {
                details.put(Command.SetKey.VALUE, value);
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

    /** The device's current network settings with the command's settings put over them. */
    private static NetConf netConf(NetConf current, Command.Netconf c) {
        Ipv4Address address = c.address() != null ? c.address() : current.address();
        Ipv4Address netmask = c.netmask() != null ? c.netmask()
                : c.address() != null ? address.classfulNetmask() : current.netmask();
        Ipv4Address gateway = c.gateway() != null ? c.gateway() : current.gateway();
        int options = flag(flag(current.options(), NetConf.OPT_DHCP, c.dhcp()), NetConf.OPT_HTTP_AUTH, c.httpAuth());
        int phy = c.phy() == null ? current.phyConf() : switch (c.phy()) {
            case AUTO -> NetConf.PHY_PROBE_AUTO;
            case MBIT_10 -> NetConf.PHY_PROBE_10MBIT;
            case MBIT_100 -> NetConf.PHY_PROBE_100MBIT;
        };
        int port = c.port() != null ? c.port() : current.httpPort();
        return new NetConf(address, netmask, gateway, phy, options, port);
    }

    private static int flag(int options, int bit, Boolean on) {
        if (on == null) {
            return options;
        }
        return on ? options | bit : options & ~bit;
    }

    private byte[] firmware(String name) {
        Path dir = ctx.config().commands().firmwareDir().orElseThrow(() -> new Refused(
                Failure.REJECTED_VALUE, "this gateway has no firmware directory (fosfleet.gateway.commands.firmware-dir)"));
        Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir.normalize()) || !Files.isRegularFile(file)) {
            throw new Refused(Failure.REJECTED_VALUE, "firmware '" + name + "' is not a file in " + dir);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Refused(Failure.INTERNAL, "cannot read firmware " + file + ": " + e.getMessage());
        }
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
