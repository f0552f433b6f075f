package io.kubesim.agent.registry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.kubesim.agent.AgentProperties;

/** The simulated registry: the built-in catalog plus {@code kubesim.agent.registry.extra-catalog}. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    ImageRegistry imageRegistry(AgentProperties properties) {
        ImageCatalog catalog = ImageCatalog.load(properties.registry().extraCatalog());
        return new ImageRegistry(catalog, properties.registry().unknownImages());
    }
}
