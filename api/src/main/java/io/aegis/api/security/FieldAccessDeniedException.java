package io.aegis.api.security;

import java.util.Set;

/** A GraphQL root field the caller's roles do not allow. */
public class FieldAccessDeniedException extends RuntimeException {

    FieldAccessDeniedException(String parent, String field, String caller, Set<Role> roles, Set<Role> allowed) {
        super(caller + " with roles " + AccessPolicy.describe(roles) + " may not use " + parent + "." + field
                + ": it requires one of the roles " + AccessPolicy.describe(allowed));
    }
}
