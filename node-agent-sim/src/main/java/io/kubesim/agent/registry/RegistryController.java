package io.kubesim.agent.registry;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.status.Statuses;

/**
 * {@code GET /kubesim/v1/registry/platforms?image=nginx}: the platforms the simulated registry publishes an image
 * for, e.g. for a scheduler plugin that keeps pods off nodes their images do not run on.
 */
@RestController
class RegistryController {

    /**
     * @param image     the reference as normalised by the runtime
     * @param known     whether the catalog knows the repository (if not, {@code unknownImages} decides)
     * @param platforms {@code os/architecture[/variant]} each, with the Windows os.version where one is required
     */
    record Platforms(String image, boolean known, String unknownImages, List<String> platforms) {
    }

    private final ImageRegistry registry;

    RegistryController(ImageRegistry registry) {
        this.registry = registry;
    }

    @GetMapping(path = "/kubesim/v1/registry/platforms", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> platforms(@RequestParam String image) {
        ImageName name;
        try {
            name = ImageName.parse(image);
        } catch (ImageName.InvalidImageName e) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON)
                    .body(KubeJson.write(Statuses.badRequest("couldn't parse image name \"" + image + "\": "
                            + e.getMessage())));
        }
        Platforms p = new Platforms(name.reference(), registry.knows(name),
                registry.unknownImages().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                registry.platforms(name).stream().map(Platform::toString).toList());
        return ResponseEntity.ok(KubeJson.write(p));
    }
}
