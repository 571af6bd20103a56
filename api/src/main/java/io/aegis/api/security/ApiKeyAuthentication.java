package io.aegis.api.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A caller identified by an API key; before authentication the key is the credential, afterwards it is dropped. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String name;
    private transient String key;

    private ApiKeyAuthentication(String key) {
        super(List.of());
        this.name = "api-key";
        this.key = key;
    }

    private ApiKeyAuthentication(String name, Role role) {
        super(List.of(new SimpleGrantedAuthority(role.authority())));
        this.name = name;
        setAuthenticated(true);
    }

    static ApiKeyAuthentication unauthenticated(String key) {
        return new ApiKeyAuthentication(key);
    }

    static ApiKeyAuthentication authenticated(Credentials.KeyOwner owner) {
        return new ApiKeyAuthentication("api-key:" + owner.label(), owner.role());
    }

    @Override
    public Object getCredentials() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public void eraseCredentials() {
        key = null;
        super.eraseCredentials();
    }

    @Override
    public String toString() {
        return "ApiKeyAuthentication[" + name + ", " + getAuthorities() + "]";
    }
}
