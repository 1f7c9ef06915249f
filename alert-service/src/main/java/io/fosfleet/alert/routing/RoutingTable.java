package io.fosfleet.alert.routing;

import io.fosfleet.alert.AlertServiceConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The routing rules in force: the configured file, re-read when it changes, or the built-in default. A changed file
 * with a mistake is logged and counted, and the rules in force stay; at start a broken file stops the service.
 */
@ApplicationScoped
public class RoutingTable {

    private static final Logger LOG = Logger.getLogger(RoutingTable.class);
    static final String DEFAULT_RULES = "default-rules.yaml";

    private final AlertServiceConfig config;
    private final AtomicInteger failedReloads;
    private volatile RoutingRules rules;
    private volatile FileTime loadedVersion;
    private ScheduledExecutorService watcher;

    public RoutingTable(AlertServiceConfig config, MeterRegistry registry) {
        this.config = config;
        this.failedReloads = registry.gauge("fosfleet.alert.rules.reload.failed", new AtomicInteger());
        this.rules = load();
    }

    public RoutingRules rules() {
        return rules;
    }

    void start(@Observes StartupEvent ignored) {
        if (config.rulesFile().isEmpty()) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rules-watcher"));
        long every = config.rulesReloadInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private void reloadIfChanged() {
        Path file = config.rulesFile().orElseThrow();
        try {
            if (Files.getLastModifiedTime(file).equals(loadedVersion)) {
                return;
            }
            rules = load();
            failedReloads.set(0);
            LOG.infof("routing rules reloaded from %s", file);
        } catch (IOException | UncheckedIOException | RoutingRules.RulesException e) {
            if (failedReloads.getAndIncrement() == 0) {
                LOG.errorf("routing rules in %s not reloaded, the previous rules stay in force: %s", file, e.getMessage());
            }
        }
    }

    private RoutingRules load() {
        if (config.rulesFile().isEmpty()) {
            try (InputStream in = RoutingTable.class.getClassLoader().getResourceAsStream(DEFAULT_RULES)) {
                return RoutingRules.parse(in, "built-in " + DEFAULT_RULES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path file = config.rulesFile().get();
        try {
            FileTime version = Files.getLastModifiedTime(file);
            try (InputStream in = Files.newInputStream(file)) {
                RoutingRules parsed = RoutingRules.parse(in, file.toString());
                loadedVersion = version;
                return parsed;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read routing rules " + file, e);
        }
    }
}
