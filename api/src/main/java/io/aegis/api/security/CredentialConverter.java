package io.aegis.api.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads the caller's credential from a request: {@code Authorization: Bearer <JWT>} or {@code X-API-Key: <key>}. The
 * alert stream also accepts {@code ?access_token=<JWT or API key>}, because browsers' EventSource cannot set headers.
 */
final class CredentialConverter implements ServerAuthenticationConverter {

    static final String API_KEY_HEADER = "X-API-Key";
    static final String ACCESS_TOKEN_PARAMETER = "access_token";
    static final String STREAM_PATH = "/api/alerts/stream";

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.just(new BearerTokenAuthenticationToken(
                    authorization.substring(7).trim()));
        }
        String apiKey = request.getHeaders().getFirst(API_KEY_HEADER);
        if (apiKey != null && !apiKey.isBlank()) {
            return Mono.just(Authenticator.apiKeyCandidate(apiKey.trim()));
        }
        if (request.getMethod() == HttpMethod.GET
                && STREAM_PATH.equals(request.getPath().value())) {
            String token = request.getQueryParams().getFirst(ACCESS_TOKEN_PARAMETER);
            if (token != null && !token.isBlank()) {
                // A JWT has three dot-separated parts; API keys contain no dots.
                return Mono.just(
                        token.indexOf('.') > 0
                                ? new BearerTokenAuthenticationToken(token)
                                : Authenticator.apiKeyCandidate(token));
            }
        }
        return Mono.empty();
    }
}
