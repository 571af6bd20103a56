package io.aegis.api.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Authenticates API keys and JWT bearer tokens for HTTP, SSE and gRPC. Bearer tokens are verified with the
 * issuer's published keys when {@code aegis.security.jwt-issuer-uri} is set, otherwise with the HMAC-SHA256 key from
 * {@code aegis.security.jwt-hmac-secret} or the credentials file. The roles come from the token's roles claim.
 */
@Component
public class Authenticator implements ReactiveAuthenticationManager {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final SecurityProperties properties;
    private final Credentials credentials;
    private final ReactiveJwtDecoder jwtDecoder;

    Authenticator(SecurityProperties properties) {
        this.properties = properties;
        this.credentials = properties.credentialsFile() == null
                        || properties.credentialsFile().isBlank()
                ? Credentials.empty()
                : Credentials.load(Path.of(properties.credentialsFile()));
        this.jwtDecoder = jwtDecoder(properties, credentials).orElse(null);
        if (!properties.enabled()) {
            log.warn("[security] authentication is OFF (aegis.security.enabled=false): every caller has every role."
                    + " Never run production like this.");
            return;
        }
        if (credentials.keyCount() == 0 && jwtDecoder == null) {
            throw new IllegalStateException("aegis.security.enabled is true but no credentials are configured: set"
                    + " aegis.security.credentials-file (the launcher writes .aegis/credentials.properties),"
                    + " aegis.security.jwt-issuer-uri or aegis.security.jwt-hmac-secret");
        }
        log.info(
                "[security] {} API keys loaded, bearer tokens {}",
                credentials.keyCount(),
                properties.jwtIssuerUri() != null
                        ? "verified by issuer " + properties.jwtIssuerUri()
                        : jwtDecoder != null ? "verified with the HMAC key" : "not accepted");
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * Authenticates an {@link ApiKeyAuthentication} or a {@link BearerTokenAuthenticationToken}.
     *
     * @return a Mono that fails with BadCredentialsException, whose message is safe to show, for a wrong credential
     */
    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (authentication instanceof ApiKeyAuthentication apiKey) {
            String key = (String) apiKey.getCredentials();
            return Mono.justOrEmpty(credentials.ownerOf(key))
                    .<Authentication>map(ApiKeyAuthentication::authenticated)
                    .switchIfEmpty(Mono.error(new BadCredentialsException("the API key is not valid")));
        }
        if (authentication instanceof BearerTokenAuthenticationToken bearer) {
            if (jwtDecoder == null) {
                return Mono.error(new BadCredentialsException(
                        "bearer tokens are not accepted here: no JWT issuer or HMAC key is configured"));
            }
            return jwtDecoder
                    .decode(bearer.getToken())
                    .onErrorMap(
                            e -> !(e instanceof BadCredentialsException),
                            e -> new BadCredentialsException("the bearer token is not valid: " + e.getMessage(), e))
                    .map(this::toAuthentication);
        }
        return Mono.empty();
    }

    /** Authenticates a raw API key or bearer token, as gRPC metadata carries them. */
    public Mono<Authentication> authenticate(String apiKey, String bearerToken) {
        if (bearerToken != null) {
            return authenticate(new BearerTokenAuthenticationToken(bearerToken));
        }
        if (apiKey != null) {
            return authenticate(ApiKeyAuthentication.unauthenticated(apiKey));
        }
        return Mono.empty();
    }

    static Authentication apiKeyCandidate(String key) {
        return ApiKeyAuthentication.unauthenticated(key);
    }

    private Authentication toAuthentication(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (String name : roleNames(jwt.getClaim(properties.rolesClaim()))) {
            Role.parse(name).ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        }
        return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }

    private static List<String> roleNames(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        if (claim instanceof String text) {
            return List.of(text.trim().split("[\\s,]+"));
        }
        return List.of();
    }

    private static Optional<ReactiveJwtDecoder> jwtDecoder(SecurityProperties properties, Credentials credentials) {
        if (properties.jwtIssuerUri() != null && !properties.jwtIssuerUri().isBlank()) {
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withIssuerLocation(properties.jwtIssuerUri())
                    .build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.jwtIssuerUri()));
            return Optional.of(decoder);
        }
        Optional<byte[]> secret = properties.jwtHmacSecret() != null
                        && !properties.jwtHmacSecret().isBlank()
                ? Optional.of(Credentials.decodeSecret(properties.jwtHmacSecret(), "aegis.security.jwt-hmac-secret"))
                : credentials.hmacSecret();
        return secret.map(bytes -> {
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(
                            new SecretKeySpec(bytes, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
            decoder.setJwtValidator(
                    properties.jwtIssuer() == null || properties.jwtIssuer().isBlank()
                            ? JwtValidators.createDefault()
                            : JwtValidators.createDefaultWithIssuer(properties.jwtIssuer()));
            return decoder;
        });
    }
}
