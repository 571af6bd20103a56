package io.aegis.api.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Caller roles. Spring Security authorities are {@code ROLE_} plus the upper-case name. */
public enum Role {
    SUPERVISOR,
    QUALITY,
    AUDITOR,
    MES,
    EDGE,
    ADMIN;

    public static final Set<Role> ALL = EnumSet.allOf(Role.class);

    public String authority() {
        return "ROLE_" + name();
    }

    /** Returns the lower-case name used in credentials files, JWT claims and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a role name in any case, or returns empty for an unknown name. */
    public static Optional<Role> parse(String name) {
        for (Role role : values()) {
            if (role.name().equalsIgnoreCase(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** Reads roles from Spring Security authority names, ignoring other authorities. */
    public static Set<Role> fromAuthorities(Iterable<String> authorities) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String authority : authorities) {
            if (authority.startsWith("ROLE_")) {
                parse(authority.substring(5)).ifPresent(roles::add);
            }
        }
        return roles;
    }
}
