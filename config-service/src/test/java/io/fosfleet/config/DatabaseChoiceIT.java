package io.fosfleet.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged service refuses to start on a database choice it does not know, and says which choices there are. The
 * choices themselves run in the tests against this same build: H2 ({@code H2PersistenceTest} and every other test),
 * PostgreSQL ({@code PostgresPersistenceTest}).
 */
class DatabaseChoiceIT {

    private final Path workDir = Path.of(System.getProperty("config-service.work-dir", "target/database-choice-it"));

    @ParameterizedTest(name = "kind \"{0}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            mysql | must be h2 or postgresql, not 'mysql'
            ""    | must be h2 or postgresql, it is empty
            """)
    void anUnknownOrMissingDatabaseChoiceStopsTheStartWithTheChoices(String kind, String message) throws Exception {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("start-" + (kind.isEmpty() ? "empty" : kind) + ".log");
        ProcessBuilder pb = new ProcessBuilder("java", "-Dquarkus.http.port=0",
                "-Dkafka.bootstrap.servers=127.0.0.1:9",
                "-jar", Path.of(System.getProperty("config-service.jar", "target/quarkus-app/quarkus-run.jar"))
                .toAbsolutePath().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // as Kubernetes gives it: the environment variable
        pb.environment().put("FOSFLEET_CONFIG_DATABASE_KIND", kind);
        Process p = pb.start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the service stopped on its own").isTrue();
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isNotZero();
            assertThat(output).contains("fosfleet.config.database.kind (FOSFLEET_CONFIG_DATABASE_KIND) " + message);
        } finally {
            p.destroyForcibly();
        }
    }
}
