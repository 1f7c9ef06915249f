package io.fosfleet.gateway.command;

import io.fosfleet.events.CommandResult;
import io.fosfleet.events.CommandResult.Failure;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceId;
import io.fosfleet.gateway.device.DeviceContext;
import io.fosfleet.gateway.device.DeviceWorker;
import io.fosfleet.gateway.device.Job;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Takes each command record once: answers the ones that cannot run at once, queues the others on their device, publishes
 * every result and only then marks the record done. Runs on the device loop.
 */
public final class CommandDispatcher {

    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);

    private final DeviceContext ctx;
    private final CommandRunner runner;
    private final Function<DeviceId, DeviceWorker> devices;
    /** Command ids whose result is out (or was found in the results history), oldest first, bounded. */
    private final Map<UUID, Boolean> finished;
    private final Set<UUID> running = new HashSet<>();

    public CommandDispatcher(DeviceContext ctx, CommandRunner runner, Function<DeviceId, DeviceWorker> devices) {
        this.ctx = ctx;
        this.runner = runner;
        this.devices = devices;
        int remembered = ctx.config().commands().remembered();
        this.finished = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > remembered;
            }
        };
    }

    /** Commands some replica already answered (read from the results history when partitions are assigned). */
    public void alreadyFinished(Collection<UUID> commandIds) {
        commandIds.forEach(id -> finished.put(id, true));
    }

    /**
     * A command record. {@code done} runs (on the device loop) once the record's work is finished: its result is on
     * Kafka, or it was a duplicate; the record's offset may then be committed. A command whose device goes to another
     * replica before it ran never calls it.
     */
    public void accept(DeviceCommand command, Runnable done) {
        UUID id = command.commandId();
        if (finished.containsKey(id) || running.contains(id)) {
            LOG.infof("%s: command %s %s delivered again; it runs once, skipped", command.deviceId(), id,
                    command.type());
            ctx.metrics().duplicateCommand();
            done.run();
            return;
        }
        running.add(id);
        if (command.type().needsConfirmation() && !command.confirm()) {
            publish(done, failed(command, Failure.NOT_CONFIRMED, command.type()
                    + " erases the device and runs only with confirm=true"));
        } else if (expired(command)) {
            publish(done, expiredResult(command));
        } else if (command.type() == DeviceCommand.Type.SCAN) {
            runner.scan(command).thenAcceptAsync(result -> publish(done, result), ctx.loop());
        } else {
            DeviceWorker device = devices.apply(command.deviceId());
            if (device == null) {
                publish(done, failed(command, Failure.UNKNOWN_DEVICE, "device " + command.deviceId()
                        + " is not in the fleet configuration"));
            } else {
                device.submit(new Job() {
                    @Override
                    public CompletableFuture<?> run() {
                        if (expired(command)) {
                            return publish(done, expiredResult(command));
                        }
                        return runner.run(command, device).thenComposeAsync(r -> publish(done, r),
                                ctx.loop());
                    }

                    @Override
                    public void dropped() {
                        // not done, so not committed: the device's new owner runs it
                        running.remove(id);
                    }
                });
            }
        }
    }

    private CompletableFuture<Void> publish(Runnable done, CommandResult result) {
        return ctx.publisher().result(result).handleAsync((v, e) -> {
            running.remove(result.commandId());
            // It ran: never again from this replica, even if its result could not be written.
            finished.put(result.commandId(), true);
            if (e == null) {
                done.run();
            }
            return null;
        }, ctx.loop());
    }

    private boolean expired(DeviceCommand command) {
        return ctx.clock().instant().isAfter(command.deadline());
    }

    private CommandResult expiredResult(DeviceCommand command) {
        return failed(command, Failure.TIMEOUT, "deadline " + command.deadline() + " passed before the command could run");
    }

    private CommandResult failed(DeviceCommand command, Failure failure, String message) {
        return CommandResult.failed(command, ctx.clock().instant(), ctx.source(), failure, message);
    }
}
