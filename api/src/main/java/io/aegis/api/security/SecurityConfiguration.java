package io.aegis.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * HTTP security: static files, GraphiQL and health are open; every other route needs an API key or a bearer token
 * and one of the roles {@link AccessPolicy} lists for it. GraphQL checks roles per root field (see
 * {@link GraphQlAccess}). Sessions are not used; every request carries its credential.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final String[] OPEN_PATHS = {
        "/",
        "/index.html",
        "/assets/**",
        "/favicon.ico",
        "/*.svg",
        "/*.png",
        "/*.js",
        "/*.css",
        "/graphiql",
        "/graphiql/**",
        "/actuator/health",
        "/actuator/health/**"
    };

    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http, Authenticator authenticator, ObjectMapper mapper) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        if (!authenticator.enabled()) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                    .build();
        }
        ProblemWriter problems = new ProblemWriter(mapper);
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(authenticator);
        authentication.setServerAuthenticationConverter(new CredentialConverter());
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        authentication.setAuthenticationFailureHandler((filterExchange, exception) -> problems.write(
                filterExchange.getExchange(), HttpStatus.UNAUTHORIZED, "Unauthorized", exception.getMessage()));
        return http.addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(handling -> handling.authenticationEntryPoint((exchange, e) -> problems.write(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "Unauthorized",
                                "authentication required: send the header X-API-Key: <key> or"
                                        + " Authorization: Bearer <JWT>"))
                        .accessDeniedHandler((exchange, e) -> forbidden(exchange, problems)))
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers(OPEN_PATHS).permitAll();
                    for (AccessPolicy.Route route : AccessPolicy.ROUTES) {
                        exchanges.pathMatchers(route.method(), route.pattern()).hasAnyRole(names(route.roles()));
                    }
                    exchanges.pathMatchers("/graphql").authenticated();
                    exchanges.pathMatchers("/actuator/**").hasRole(Role.ADMIN.name());
                    exchanges.pathMatchers("/api/**").denyAll();
                    // Remaining GET paths are dashboard files and client-side routes of the single-page app.
                    exchanges.pathMatchers(HttpMethod.GET, "/**").permitAll();
                    exchanges.anyExchange().denyAll();
                })
                .build();
    }

    private static Mono<Void> forbidden(ServerWebExchange exchange, ProblemWriter problems) {
        String method = exchange.getRequest().getMethod().name();
        String path = exchange.getRequest().getPath().value();
        Mono<String> required = requiredRoles(exchange)
                .map(roles -> ": it requires one of the roles " + AccessPolicy.describe(roles))
                .defaultIfEmpty("");
        Mono<String> caller = exchange.getPrincipal()
                .map(principal -> principal instanceof Authentication authentication
                        ? describe(authentication)
                        : principal.getName())
                .defaultIfEmpty("anonymous");
        return Mono.zip(caller, required)
                .flatMap(parts -> problems.write(
                        exchange,
                        HttpStatus.FORBIDDEN,
                        "Forbidden",
                        parts.getT1() + " may not call " + method + " " + path + parts.getT2()));
    }

    private static Mono<Set<Role>> requiredRoles(ServerWebExchange exchange) {
        if (exchange.getRequest().getPath().value().startsWith("/actuator")) {
            return Mono.just(AccessPolicy.ADMIN_ONLY);
        }
        return Flux.fromIterable(AccessPolicy.ROUTES)
                .filterWhen(route -> new PathPatternParserServerWebExchangeMatcher(route.pattern(), route.method())
                        .matches(exchange)
                        .map(ServerWebExchangeMatcher.MatchResult::isMatch))
                .next()
                .map(AccessPolicy.Route::roles);
    }

    private static String describe(Authentication authentication) {
        Set<Role> roles = Role.fromAuthorities(authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .toList());
        return authentication.getName() + " with roles " + AccessPolicy.describe(roles);
    }

    private static String[] names(Set<Role> roles) {
        return roles.stream().map(Role::name).toArray(String[]::new);
    }
}
