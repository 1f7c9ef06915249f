package io.fosfleet.config.grpc;

import static io.fosfleet.config.grpc.GrpcErrors.orNull;
import static io.fosfleet.config.grpc.GrpcErrors.text;

import io.fosfleet.config.grpc.v1.GetPairRequest;
import io.fosfleet.config.grpc.v1.ListPairsRequest;
import io.fosfleet.config.grpc.v1.Pair;
import io.fosfleet.config.grpc.v1.PairApi;
import io.fosfleet.config.grpc.v1.PairList;
import io.fosfleet.config.grpc.v1.SetMaintenanceRequest;
import io.fosfleet.config.pair.PairService;
import io.fosfleet.config.pair.PairView;
import io.fosfleet.config.security.Roles;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;

/** gRPC access to pairs: read, and maintenance for operators. */
@GrpcService
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class PairGrpc implements PairApi {

    private final PairService pairs;

    public PairGrpc(PairService pairs) {
        this.pairs = pairs;
    }

    @Override
    @Blocking
    public Uni<Pair> get(GetPairRequest request) {
        return Uni.createFrom().item(() -> message(pairs.get(request.getId())))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    @Blocking
    public Uni<PairList> list(ListPairsRequest request) {
        return Uni.createFrom().item(() -> PairList.newBuilder().addAllPairs(pairs.list(orNull(request.getDeviceId()))
                .stream().map(PairGrpc::message).toList()).build());
    }

    @Override
    @Blocking
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Pair> setMaintenance(SetMaintenanceRequest request) {
        return Uni.createFrom().item(() -> message(pairs.maintenance(request.getPairId(), request.getEnabled(),
                orNull(request.getReason())))).onFailure().transform(GrpcErrors::toStatus);
    }

    private static Pair message(PairView p) {
        return Pair.newBuilder().setId(p.id()).setDeviceId(p.deviceId()).setPrimaryNodeId(p.primaryNodeId())
                .setSecondaryNodeId(p.secondaryNodeId()).setScenario(p.scenario())
                .setKickIntervalMs(p.kickInterval().toMillis()).setStartDelayMs(p.startDelay().toMillis())
                .setFailoverPolicy(p.failoverPolicy().name()).setFastFailover(p.fastFailover())
                .setMaintenance(p.maintenance()).setMaintenanceReason(text(p.maintenanceReason()))
                .setHaVerdict(p.haCheck().verdict().name()).setHaMessage(text(p.haCheck().message())).build();
    }
}
