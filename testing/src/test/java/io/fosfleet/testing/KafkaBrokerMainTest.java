package io.fosfleet.testing;

import io.fosfleet.testing.KafkaBrokerMain.Options;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerMainTest {

    @Test
    void withoutArgumentsTheBrokerListensOnTheUsualKafkaPort() {
        assertThat(Options.parse()).isEqualTo(new Options(9092, KafkaBroker.defaultDataRoot()));
        assertThat(Options.parse("--data-dir", "/var/tmp/k", "--port", "0"))
                .isEqualTo(new Options(0, Paths.get("/var/tmp/k")));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Options.parse("--port", "70000"))
                .hasMessage("--port \"70000\" is not a port; allowed 0..65535");
        assertThatThrownBy(() -> Options.parse("--port")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> Options.parse("-p", "1")).hasMessage("unknown argument \"-p\"");
    }

    @Test
    @Timeout(90)
    void runsUntilSigtermThenStopsCleanlyAndDeletesItsData() throws Exception {
        int port = freePort();
        Path dataRoot = KafkaBroker.defaultDataRoot().resolve("main");
        Files.createDirectories(dataRoot);
        List<Path> before = children(dataRoot);
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName(), "--port", String.valueOf(port), "--data-dir", dataRoot.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("Kafka broker listening on 127.0.0.1:" + port);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:" + port))) {
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
            }
            List<Path> dataDirs = children(dataRoot).stream().filter(dir -> !before.contains(dir)).toList();
            assertThat(dataDirs).hasSize(1);

            process.destroy();

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(dataDirs.get(0)).doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<Path> children(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
