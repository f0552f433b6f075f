package io.kubesim.scheduler;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * scheduler-service: kube-scheduler 1.32 over the cluster cache (DESIGN.md §6). Reads {@code kubesim.events} into its
 * scheduler cache and queue, schedules one pod at a time, binds with {@code BindPod} as {@code system:kube-scheduler}
 * and publishes a decision record per attempt on {@code kubesim.decisions}. The wiring is in
 * {@code io.kubesim.scheduler.service}; the scheduler itself ({@code framework}, {@code queue}, {@code plugins}) knows
 * nothing of Kafka or Spring.
 *
 * <p>Its configuration file is {@code scheduler.yaml}, not {@code application.yaml}, so that tests running it in one
 * JVM with other kubesim services do not hand it their settings, nor it them. Start it with {@link #application()}
 * (or set {@code spring.config.name=scheduler} yourself).
 */
@SpringBootApplication
public class SchedulerApplication {

    /** Name of the configuration file ({@code spring.config.name}). */
    public static final String CONFIG_NAME = "scheduler";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application, reading {@code scheduler.yaml}. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(SchedulerApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
        return app;
    }
}
