package io.fosfleet.config;

import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createPair;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fosfleet.config.grpc.v1.CommandApi;
import io.fosfleet.config.grpc.v1.DeviceApi;
import io.fosfleet.config.grpc.v1.Event;
import io.fosfleet.config.grpc.v1.EventApi;
import io.fosfleet.config.grpc.v1.EventFilter;
import io.fosfleet.config.grpc.v1.GetDeviceRequest;
import io.fosfleet.config.grpc.v1.ListPairsRequest;
import io.fosfleet.config.grpc.v1.PairApi;
import io.fosfleet.config.grpc.v1.SendCommandRequest;
import io.fosfleet.config.grpc.v1.SetMaintenanceRequest;
import io.fosfleet.events.DeviceCommand;
import io.fosfleet.events.DeviceEvent;
import io.fosfleet.events.DeviceId;
import io.fosfleet.events.Topic;
import io.fosfleet.testing.KafkaBrokerTestResource;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.GrpcClientUtils;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The gRPC API with bearer tokens: same roles and rules as REST, and a filtered live event stream. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class GrpcTest {

    @GrpcClient("config")
    DeviceApi devices;
    @GrpcClient("config")
    PairApi pairs;
    @GrpcClient("config")
    CommandApi commands;
    @GrpcClient("config")
    EventApi events;

    private static <T> T as(String user, T client) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + Api.token(user));
        return GrpcClientUtils.attachHeaders(client, headers);
    }

    private static Status.Code code(Throwable t) {
        return ((StatusRuntimeException) t).getStatus().getCode();
    }

    @Test
    void withoutTokenUnauthenticatedAndViewerMaySendNoCommand() {
        String deviceId = createDevice();
        assertThatThrownBy(() -> devices.get(GetDeviceRequest.newBuilder().setId(deviceId).build()).await()
                .atMost(Duration.ofSeconds(10)))
                .satisfies(t -> assertThat(code(t)).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThat(as("viewer", devices).get(GetDeviceRequest.newBuilder().setId(deviceId).build()).await()
                .atMost(Duration.ofSeconds(10)).getCredentialName()).isEqualTo("rack-a");
        assertThatThrownBy(() -> as("viewer", commands).send(SendCommandRequest.newBuilder().setDeviceId(deviceId)
                .setType("KICK").build()).await().atMost(Duration.ofSeconds(10)))
                .satisfies(t -> assertThat(code(t)).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void operatorSendsACommandWithTheRestRules() {
        String deviceId = createDevice();
        assertThatThrownBy(() -> as("operator", commands).send(SendCommandRequest.newBuilder().setDeviceId(deviceId)
                .setType("SWITCH_RELAY").putParameters("mode", "0").build()).await().atMost(Duration.ofSeconds(10)))
                .satisfies(t -> assertThat(((StatusRuntimeException) t).getStatus().getDescription())
                        .contains("reason: is required"));
        String commandId = as("operator", commands).send(SendCommandRequest.newBuilder().setDeviceId(deviceId)
                        .setType("SWITCH_RELAY").putParameters("mode", "0").setReason("test failover").build())
                .await().atMost(Duration.ofSeconds(10)).getCommandId();
        await().atMost(Duration.ofSeconds(15)).until(() -> Topics.matching(Topic.DEVICE_COMMANDS, DeviceCommand.class,
                c -> c.commandId().toString().equals(commandId)).size() == 1);
    }

    @Test
    void operatorPutsAPairInMaintenance() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        assertThat(as("operator", pairs).setMaintenance(SetMaintenanceRequest.newBuilder().setPairId(pairId)
                .setEnabled(true).setReason("PBX upgrade").build()).await().atMost(Duration.ofSeconds(10))
                .getMaintenance()).isTrue();
        assertThat(as("viewer", pairs).list(ListPairsRequest.newBuilder().setDeviceId(deviceId).build()).await()
                .atMost(Duration.ofSeconds(10)).getPairs(0).getMaintenanceReason()).isEqualTo("PBX upgrade");
    }

    @Test
    void liveStreamDeliversOnlyTheFilteredDevicesEvents() {
        String deviceId = createDevice();
        String other = createDevice();
        List<Event> received = new CopyOnWriteArrayList<>();
        Cancellable subscription = as("viewer", events).stream(EventFilter.newBuilder().addDeviceIds(deviceId)
                .addKinds("DEVICE").build()).subscribe().with(received::add);
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
                Topics.publish(Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.UNREACHABLE,
                        DeviceId.of(other), Instant.now(), "device-gateway", null, Map.of(), "no answer"));
                Topics.publish(Topic.DEVICE_EVENTS, DeviceEvent.create(DeviceEvent.Type.FAILOVER,
                        DeviceId.of(deviceId), Instant.now(), "device-gateway", 42, Map.of(), "failover"));
                return !received.isEmpty();
            });
        } finally {
            subscription.cancel();
        }
        assertThat(received).allSatisfy(e -> {
            assertThat(e.getDeviceId()).isEqualTo(deviceId);
            assertThat(e.getType()).isEqualTo("FAILOVER");
            assertThat(e.getSite()).isEqualTo("fra1");
        });
    }

    @Test
    void overLongReasonIsInvalidArgumentWithTheRestText() {
        String pairId = createPair(createDevice());
        assertThatThrownBy(() -> as("operator", pairs).setMaintenance(SetMaintenanceRequest.newBuilder()
                .setPairId(pairId).setEnabled(true).setReason("m".repeat(600)).build()).await()
                .atMost(Duration.ofSeconds(10)))
                .satisfies(t -> assertThat(code(t)).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("reason: has 600 characters").hasMessageContaining("1 to 500 characters");
        assertThat(as("viewer", pairs).list(ListPairsRequest.newBuilder().build()).await()
                .atMost(Duration.ofSeconds(10)).getPairsList().stream().filter(p -> p.getId().equals(pairId))
                .findFirst().orElseThrow().getMaintenance()).isFalse();
    }
}
