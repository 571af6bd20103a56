package io.aegis.api.security;

import graphql.GraphQLContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLNamedType;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Role checks for GraphQL: the interceptor copies the caller's roles into the GraphQL context, and the
 * instrumentation checks them before each root field of Query and Mutation resolves. A denied field gets a FORBIDDEN
 * error naming the roles it requires; the other fields of the same request still resolve.
 */
@Component
public class GraphQlAccess extends SimplePerformantInstrumentation implements WebGraphQlInterceptor {

    static final String ROLES = "aegis.roles";
    static final String CALLER = "aegis.caller";

    private final Authenticator authenticator;

    GraphQlAccess(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
        if (!authenticator.enabled()) {
            request.configureExecutionInput((input, builder) -> builder.graphQLContext(
                            context -> context.put(ROLES, Role.ALL).put(CALLER, "anonymous"))
                    .build());
            return chain.next(request);
        }
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .map(authentication -> {
                    Set<Role> roles = Role.fromAuthorities(authentication.getAuthorities().stream()
                            .map(GrantedAuthority::getAuthority)
                            .toList());
                    request.configureExecutionInput((input, builder) -> builder.graphQLContext(
                                    context -> context.put(ROLES, roles).put(CALLER, authentication.getName()))
                            .build());
                    return request;
                })
                .defaultIfEmpty(request)
                .flatMap(chain::next);
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(
            DataFetcher<?> dataFetcher, InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        if (parameters.getExecutionStepInfo().getPath().getLevel() != 1) {
            return dataFetcher;
        }
        String parent = ((GraphQLNamedType) parameters.getEnvironment().getParentType()).getName();
        String field = parameters.getEnvironment().getField().getName();
        Set<Role> allowed = AccessPolicy.graphQlField(parent, field);
        return environment -> {
            Set<Role> roles = roles(environment.getGraphQlContext());
            if (roles.stream().noneMatch(allowed::contains)) {
                throw new FieldAccessDeniedException(
                        parent,
                        field,
                        environment.getGraphQlContext().getOrDefault(CALLER, "anonymous"),
                        roles,
                        allowed);
            }
            return dataFetcher.get(environment);
        };
    }

    /** Returns the authenticated caller's name stored by {@link #intercept}, for {@code issued_by} of commands. */
    public static String caller(GraphQLContext context) {
        return context.getOrDefault(CALLER, "anonymous");
    }

    /** Returns the caller's roles stored by {@link #intercept}, or none when the request did not pass through it. */
    static Set<Role> roles(GraphQLContext context) {
        Set<Role> roles = context.get(ROLES);
        return roles == null ? EnumSet.noneOf(Role.class) : roles;
    }
}
