package io.aegis.api.graphql;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on one GraphQL request, checked with fragments expanded before any field resolves. Cyclic fragments are
 * rejected earlier by the standard validation.
 *
 * @param maxDepth deepest field nesting allowed
 * @param maxComplexity maximum number of fields in the expanded request
 */
@ConfigurationProperties("aegis.graphql")
record GraphQlLimits(
        @DefaultValue("12") int maxDepth,
        @DefaultValue("500") int maxComplexity) {}
