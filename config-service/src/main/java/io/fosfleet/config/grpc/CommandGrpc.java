package io.fosfleet.config.grpc;

import static io.fosfleet.config.grpc.GrpcErrors.orNull;
import static io.fosfleet.config.grpc.GrpcErrors.text;

import io.fosfleet.config.command.CommandInput;
import io.fosfleet.config.command.CommandService;
import io.fosfleet.config.command.CommandView;
import io.fosfleet.config.grpc.v1.Command;
import io.fosfleet.config.grpc.v1.CommandApi;
import io.fosfleet.config.grpc.v1.GetCommandRequest;
import io.fosfleet.config.grpc.v1.SendCommandRequest;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.security.Roles;
import io.fosfleet.events.DeviceCommand;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;

/** gRPC commands: send (operators), follow (everyone), with the REST API's rules. */
@GrpcService
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class CommandGrpc implements CommandApi {

    private final CommandService commands;

    public CommandGrpc(CommandService commands) {
        this.commands = commands;
    }

    @Override
    @Blocking
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Command> send(SendCommandRequest request) {
        return Uni.createFrom().item(() -> message(commands.submit(request.getDeviceId(),
                        new CommandInput(type(request.getType()), request.getParametersMap(), orNull(request.getReason()),
                                request.getConfirm()))))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    @Blocking
    public Uni<Command> get(GetCommandRequest request) {
        return Uni.createFrom().item(() -> message(commands.get(request.getCommandId())))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    private static DeviceCommand.Type type(String name) {
        try {
            return DeviceCommand.Type.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("type", Inputs.quote(name) + " is not a command",
                    String.join(", ", Inputs.names(DeviceCommand.Type.class)));
        }
    }

    private static Command message(CommandView c) {
        Command.Builder b = Command.newBuilder().setCommandId(c.commandId()).setDeviceId(c.deviceId())
                .setType(c.type()).putAllParameters(c.parameters()).setReason(c.reason())
                .setRequestedBy(c.requestedBy()).setStatus(c.status()).setFailure(text(c.failure()))
                .setMessage(text(c.message())).setRequestedAt(c.requestedAt().toString())
                .setCompletedAt(c.completedAt() == null ? "" : c.completedAt().toString());
        if (c.details() != null) {
            b.putAllDetails(c.details());
        }
        return b.build();
    }
}
