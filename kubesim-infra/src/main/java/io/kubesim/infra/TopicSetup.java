package io.kubesim.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.kubesim.model.TopicNames;

/** Creates the kubesim topics (see {@link io.kubesim.model.Topics} for key, ordering and retention of each). */
public final class TopicSetup {

    private static final String MAX_MESSAGE = String.valueOf(4 * 1024 * 1024);

    private TopicSetup() {
    }

    /** Creates the missing topics of one cluster; existing topics are left as they are. */
    public static void ensure(String bootstrapServers, TopicNames names) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> wanted = new ArrayList<>();
            add(wanted, existing, names.commands(), Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));
            add(wanted, existing, names.events(), Map.of("retention.ms", "-1", "retention.bytes", "-1"));
            add(wanted, existing, names.replies(), Map.of("retention.ms", String.valueOf(3600L * 1000)));
            add(wanted, existing, names.decisions(), Map.of("retention.ms", String.valueOf(24L * 3600 * 1000)));
            if (wanted.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    private static void add(List<NewTopic> wanted, Set<String> existing, String name, Map<String, String> config) {
        if (existing.contains(name)) {
            return;
        }
        Map<String, String> all = new java.util.HashMap<>(config);
        all.put("max.message.bytes", MAX_MESSAGE);
        wanted.add(new NewTopic(name, 1, (short) 1).configs(all));
    }
}
