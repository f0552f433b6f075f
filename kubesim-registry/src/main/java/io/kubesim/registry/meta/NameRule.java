package io.kubesim.registry.meta;

import java.util.List;

/**
 * How a kind validates its names ({@code ValidateNameFunc}); {@code prefix} is true for a generateName prefix.
 */
@FunctionalInterface
public interface NameRule {

    NameRule DNS_SUBDOMAIN = Names::nameIsDnsSubdomain;
    NameRule DNS_LABEL = Names::nameIsDnsLabel;
    NameRule DNS1035_LABEL = Names::nameIsDns1035Label;

    List<String> check(String name, boolean prefix);
}
