package io.fosfleet.config.grpc;

import static io.fosfleet.config.grpc.GrpcErrors.orNull;
import static io.fosfleet.config.grpc.GrpcErrors.text;

import io.fosfleet.config.device.DeviceService;
import io.fosfleet.config.device.DeviceView;
import io.fosfleet.config.grpc.v1.Device;
import io.fosfleet.config.grpc.v1.DeviceApi;
import io.fosfleet.config.grpc.v1.DeviceList;
import io.fosfleet.config.grpc.v1.GetDeviceRequest;
import io.fosfleet.config.grpc.v1.ListDevicesRequest;
import io.fosfleet.config.security.Roles;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;

/** gRPC read access to the device inventory. */
@GrpcService
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
public class DeviceGrpc implements DeviceApi {

    private final DeviceService devices;

    public DeviceGrpc(DeviceService devices) {
        this.devices = devices;
    }

    @Override
    @Blocking
    public Uni<Device> get(GetDeviceRequest request) {
        return Uni.createFrom().item(() -> message(devices.get(request.getId())))
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    @Blocking
    public Uni<DeviceList> list(ListDevicesRequest request) {
        return Uni.createFrom().item(() -> DeviceList.newBuilder().addAllDevices(devices.list(
                        orNull(request.getSite()), orNull(request.getRack())).stream().map(DeviceGrpc::message).toList())
                .build());
    }

    private static Device message(DeviceView d) {
        Device.Builder b = Device.newBuilder().setId(d.id()).setName(d.name()).setMac(d.mac()).setHost(d.host())
                .setHttpPort(d.httpPort()).setCredentialName(text(d.credentialName())).setSite(text(d.site()))
                .setRack(text(d.rack())).setPairId(text(d.pairId())).setDriftPolicy(d.effectiveDriftPolicy().name());
        d.effectiveSettings().forEach((k, v) -> b.putEffectiveSettings(k, v.value()));
        return b.build();
    }
}
