package io.kubesim.agent.registry;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Quantity;

import io.kubesim.model.json.KubeJson;

/**
 * The images the simulated registry serves, read from YAML: the catalog shipped in the jar
 * ({@code registry/catalog.yaml}) and optional extra files ({@code kubesim.agent.registry.extra-catalog}), later
 * files replacing whole repositories of earlier ones.
 *
 * <pre>
 * repositories:
 *   - name: nginx                   # normalised like the runtime does: docker.io/library/nginx
 *     run: server                   # what the image does without a command: server (runs until stopped) or exit
 *     builds:                       # one entry per group of tags published for the same platforms
 *       - tags: ["1.14"]
 *         size: 44.7M               # bytes, or a quantity (M = 10^6, Mi = 2^20)
 *         platforms: [linux/amd64, linux/arm64/v8, linux/ppc64le]
 *       - tags: ["*"]               # every other tag of the repository
 *         size: 68857691
 *         platforms: [linux/amd64, linux/arm64/v8]
 *   - name: mcr.microsoft.com/windows/servercore
 *     run: server
 *     builds:
 *       - tags: [ltsc2022]
 *         osVersion: 10.0.20348.2762 # os.version of the Windows entries: a node needs the same build
 *         size: 2.2G
 *         platforms: [windows/amd64]
 * </pre>
 */
public final class ImageCatalog {

    /** What an image does when a container gives it no command. */
    public enum RunKind {
        /** A server: runs until the container is stopped (nginx, redis, postgres, Windows Server Core...). */
        SERVER,
        /** A base image whose default command is a shell that exits at once without a terminal (busybox...). */
        EXIT
    }

    /** One group of tags published for the same platforms. */
    public record Build(List<String> tags, long sizeBytes, List<Platform> platforms) {

        public Build {
            tags = List.copyOf(tags);
            platforms = List.copyOf(platforms);
        }

        boolean hasTag(String tag) {
            return tags.contains(tag);
        }

        boolean isWildcard() {
            return tags.contains("*");
        }
    }

    /** One repository. */
    public record Repository(String name, RunKind run, List<Build> builds) {

        public Repository {
            builds = List.copyOf(builds);
        }

        /** The build publishing {@code tag}: the one listing it, else the wildcard build, else none. */
        public Optional<Build> build(String tag) {
            for (Build b : builds) {
                if (b.hasTag(tag)) {
                    return Optional.of(b);
                }
            }
            return builds.stream().filter(Build::isWildcard).findFirst();
        }
    }

    private final Map<String, Repository> repositories;

    private ImageCatalog(Map<String, Repository> repositories) {
        this.repositories = repositories;
    }

    /** The catalog shipped in the jar, extended by {@code extra} files (may be empty). */
    public static ImageCatalog load(List<Path> extra) {
        Map<String, Repository> all = new LinkedHashMap<>();
        try (InputStream in = ImageCatalog.class.getResourceAsStream("/registry/catalog.yaml")) {
            if (in == null) {
                throw new IllegalStateException("registry/catalog.yaml is missing from the classpath");
            }
            read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "registry/catalog.yaml", all);
            for (Path p : extra) {
                read(Files.readString(p), p.toString(), all);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the image catalog: " + e.getMessage(), e);
        }
        return new ImageCatalog(all);
    }

    /** A catalog of the given YAML text only (tests). */
    public static ImageCatalog of(String yaml) {
        Map<String, Repository> all = new LinkedHashMap<>();
        read(yaml, "inline catalog", all);
        return new ImageCatalog(all);
    }

    public Optional<Repository> repository(ImageName name) {
        return Optional.ofNullable(repositories.get(name.repository()));
    }

    public int size() {
        return repositories.size();
    }

    private static void read(String yaml, String source, Map<String, Repository> into) {
        JsonNode root = KubeJson.readDocuments(yaml).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException(source + ": empty catalog"));
        JsonNode repos = root.path("repositories");
        if (!repos.isArray()) {
            throw new IllegalArgumentException(source + ": 'repositories' must be a list");
        }
        for (JsonNode r : repos) {
            String raw = r.path("name").asString("");
            ImageName name;
            try {
                name = ImageName.parse(raw);
            } catch (ImageName.InvalidImageName e) {
                throw new IllegalArgumentException(source + ": bad repository name '" + raw + "': " + e.getMessage());
            }
            RunKind run = switch (r.path("run").asString("server")) {
                case "server" -> RunKind.SERVER;
                case "exit" -> RunKind.EXIT;
                default -> throw new IllegalArgumentException(source + ": " + raw + ": run must be server or exit");
            };
            List<Build> builds = new ArrayList<>();
            for (JsonNode b : r.path("builds")) {
                List<String> tags = new ArrayList<>();
                b.path("tags").forEach(t -> tags.add(t.asString()));
                if (tags.isEmpty()) {
                    throw new IllegalArgumentException(source + ": " + raw + ": a build needs tags");
                }
                String osVersion = b.path("osVersion").asString(null);
                List<Platform> platforms = new ArrayList<>();
                for (JsonNode p : b.path("platforms")) {
                    platforms.add(Platform.parse(p.asString(), osVersion));
                }
                if (platforms.isEmpty()) {
                    throw new IllegalArgumentException(source + ": " + raw + " " + tags + ": a build needs platforms");
                }
                builds.add(new Build(tags, bytes(b.path("size"), source + ": " + raw), platforms));
            }
            if (builds.isEmpty()) {
                throw new IllegalArgumentException(source + ": " + raw + ": a repository needs builds");
            }
            into.put(name.repository(), new Repository(name.repository(), run, builds));
        }
    }

    private static long bytes(JsonNode size, String where) {
        if (size.isNumber()) {
            return size.asLong();
        }
        String text = size.asString("");
        if (text.isEmpty()) {
            throw new IllegalArgumentException(where + ": a build needs a size");
        }
        BigDecimal amount = Quantity.getAmountInBytes(new Quantity(text));
        return amount.longValue();
    }
}
