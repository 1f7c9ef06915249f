package io.fosfleet.config.grpc;

import static io.fosfleet.config.grpc.GrpcErrors.text;

import io.fosfleet.config.grpc.v1.Event;
import io.fosfleet.config.grpc.v1.EventApi;
import io.fosfleet.config.grpc.v1.EventFilter;
import io.fosfleet.config.history.LiveEvent;
import io.fosfleet.config.history.LiveEvents;
import io.fosfleet.config.security.Roles;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import io.fosfleet.config.problem.Inputs;
import io.fosfleet.config.problem.Limits;
import io.fosfleet.config.problem.ProblemException;
import io.fosfleet.config.problem.Problems;
import java.util.List;

/** The live stream of device, heartbeat and config-service events, filtered per subscriber. */
@GrpcService
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class EventGrpc implements EventApi {

    private final LiveEvents live;

    public EventGrpc(LiveEvents live) {
        this.live = live;
    }

    @Override
    public Multi<Event> stream(EventFilter filter) {
        Problems problems = new Problems();
        Inputs.size(problems, "deviceIds", filter.getDeviceIdsList(), Limits.FILTER_ENTRIES);
        Inputs.size(problems, "pairIds", filter.getPairIdsList(), Limits.FILTER_ENTRIES);
        Inputs.size(problems, "sites", filter.getSitesList(), Limits.FILTER_ENTRIES);
        Inputs.size(problems, "kinds", filter.getKindsList(), Limits.FILTER_ENTRIES);
        Inputs.size(problems, "types", filter.getTypesList(), Limits.FILTER_ENTRIES);
        try {
            problems.throwIfAny();
        } catch (ProblemException e) {
            return Multi.createFrom().failure(GrpcErrors.toStatus(e));
        }
        return live.stream().filter(e -> matches(filter.getDeviceIdsList(), e.deviceId())
                        && matches(filter.getPairIdsList(), e.pairId()) && matches(filter.getSitesList(), e.site())
                        && matches(filter.getKindsList(), e.kind()) && matches(filter.getTypesList(), e.type()))
                .map(EventGrpc::message);
    }

    private static boolean matches(List<String> wanted, String value) {
        return wanted.isEmpty() || wanted.contains(value);
    }

    private static Event message(LiveEvent e) {
        return Event.newBuilder().setId(e.id()).setKind(e.kind()).setType(e.type()).setDeviceId(e.deviceId())
                .setPairId(text(e.pairId())).setSite(text(e.site())).setOccurredAt(e.occurredAt().toString())
                .setMessage(e.message()).putAllDetails(e.details()).build();
    }
}
