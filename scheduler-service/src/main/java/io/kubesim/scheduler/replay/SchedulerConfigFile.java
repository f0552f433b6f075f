package io.kubesim.scheduler.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

import io.kubesim.scheduler.service.SchedulerProperties;

/**
 * Reads a scheduler configuration file for the replay: the scheduler's own YAML ({@code kubesim.scheduler.*}, as in
 * scheduler-service's {@code scheduler.yaml}; the same file works for a running scheduler with
 * {@code --spring.config.additional-location}), bound by Spring Boot's binder exactly as the service binds it, so
 * the same names, defaults and checks apply:
 *
 * <pre>
 * kubesim:
 *   scheduler:
 *     seed: 7
 *     profiles:
 *       - scheduler-name: default-scheduler
 *         image-architecture: true
 *         weights: {NodeResourcesBalancedAllocation: 5}
 * </pre>
 */
public final class SchedulerConfigFile {

    private SchedulerConfigFile() {
    }

    /** The settings of {@code file}; upstream's defaults for what it leaves out. */
    public static SchedulerProperties load(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("scheduler config " + file + " cannot be read");
        }
        List<PropertySource<?>> sources;
        try {
            sources = new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        BindResult<SchedulerProperties> bound = binder.bind("kubesim.scheduler", SchedulerProperties.class);
        if (!bound.isBound()) {
            throw new IllegalArgumentException("scheduler config " + file + " has no kubesim.scheduler section");
        }
        return bound.get();
    }

    /** Upstream's defaults: one default-scheduler profile, seed 0. */
    public static SchedulerProperties defaults() {
        return new SchedulerProperties(0, 16, 3, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10),
                java.time.Duration.ofMinutes(5), null, null);
    }
}
