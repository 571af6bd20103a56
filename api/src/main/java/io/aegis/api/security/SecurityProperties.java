package io.aegis.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Authentication of callers.
 *
 * @param enabled false turns authentication and role checks off, so every caller has every role; for local
 *     experiments only, never in production
 * @param credentialsFile properties file with {@code api-key.<role>=<key>} (or {@code api-key.<role>.<label>=<key>})
 *     lines and optionally {@code jwt.hmac-secret=<base64>}; the launcher writes one for development
 * @param jwtIssuerUri OpenID Connect issuer whose published keys verify bearer tokens (production)
 * @param jwtHmacSecret base64 HMAC-SHA256 key that verifies bearer tokens (development); overrides the file's
 * @param jwtIssuer expected {@code iss} claim of HMAC-signed tokens; empty accepts any issuer
 * @param rolesClaim JWT claim that lists the caller's roles (a string array or a space-separated string)
 */
@ConfigurationProperties("aegis.security")
public record SecurityProperties(
        @DefaultValue("true") boolean enabled,
        String credentialsFile,
        String jwtIssuerUri,
        String jwtHmacSecret,
        String jwtIssuer,
        @DefaultValue("roles") String rolesClaim) {

    @Override
    public String toString() {
        return "SecurityProperties[enabled=" + enabled + ", credentialsFile=" + credentialsFile + ", jwtIssuerUri="
                + jwtIssuerUri + ", jwtHmacSecret=" + (jwtHmacSecret == null ? "unset" : "set") + ", jwtIssuer="
                + jwtIssuer + ", rolesClaim=" + rolesClaim + "]";
    }
}
