package io.aegis.api.security;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Set;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Authenticates gRPC calls with the same credentials as HTTP: metadata {@code x-api-key} or
 * {@code authorization: Bearer <JWT>}. Health and reflection are open; other services need a role from
 * {@link AccessPolicy#grpcService}. A missing or wrong credential ends the call with UNAUTHENTICATED, a role that is
 * not allowed with PERMISSION_DENIED.
 */
@Component
public class GrpcAccess implements ServerInterceptor {

    /** Name of the authenticated caller, for {@code issued_by} of commands. */
    public static final Context.Key<String> CALLER = Context.key("aegis.caller");

    static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Duration AUTHENTICATION_TIMEOUT = Duration.ofSeconds(5);

    private final Authenticator authenticator;

    GrpcAccess(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (!authenticator.enabled() || AccessPolicy.OPEN_GRPC_SERVICES.contains(service)) {
            return Contexts.interceptCall(Context.current().withValue(CALLER, "anonymous"), call, headers, next);
        }
        String authorization = headers.get(AUTHORIZATION);
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : null;
        Authentication authentication;
        try {
            // HMAC verification and key lookups are local; with an OIDC issuer the first call may fetch its keys.
            authentication =
                    authenticator.authenticate(headers.get(API_KEY), bearer).block(AUTHENTICATION_TIMEOUT);
        } catch (BadCredentialsException e) {
            return reject(call, Status.UNAUTHENTICATED.withDescription(e.getMessage()));
        }
        if (authentication == null) {
            return reject(
                    call,
                    Status.UNAUTHENTICATED.withDescription(
                            "authentication required: send metadata x-api-key: <key> or authorization: Bearer <JWT>"));
        }
        Set<Role> roles = Role.fromAuthorities(authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .toList());
        Set<Role> allowed = AccessPolicy.grpcService(service);
        if (roles.stream().noneMatch(allowed::contains)) {
            return reject(
                    call,
                    Status.PERMISSION_DENIED.withDescription(authentication.getName() + " with roles "
                            + AccessPolicy.describe(roles) + " may not call " + service
                            + ": it requires one of the roles "
                            + AccessPolicy.describe(allowed)));
        }
        return Contexts.interceptCall(
                Context.current().withValue(CALLER, authentication.getName()), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {};
    }
}
