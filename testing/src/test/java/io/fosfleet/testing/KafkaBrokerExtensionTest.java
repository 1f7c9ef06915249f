package io.fosfleet.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

    private static KafkaBroker fromBeforeAll;

    @BeforeAll
    static void remember(KafkaBroker broker) {
        fromBeforeAll = broker;
    }

    @Test
    void everyTestOfTheJvmSharesOneBroker(KafkaBroker broker) {
        assertThat(broker).isSameAs(fromBeforeAll).isSameAs(KafkaBroker.shared());
        assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(broker.dataDir()).startsWith(KafkaBroker.defaultDataRoot()).isDirectory();
    }

    @Test
    void theQuarkusTestResourcePointsKafkaClientsAtTheSharedBroker() {
        KafkaBrokerTestResource resource = new KafkaBrokerTestResource();

        Map<String, String> config = resource.start();
        resource.stop();

        assertThat(config).containsExactly(Map.entry("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers()));
    }
}
