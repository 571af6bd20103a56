# shellcheck shell=bash
# Development credentials: one API key per role and an HMAC key for development JWTs, generated once into
# $AEGIS_HOME/credentials.properties (git-ignored, readable by the owner only). Production supplies its own.

CREDENTIALS_FILE="$AEGIS_HOME/credentials.properties"
ROLES=(supervisor quality auditor mes edge admin)

random_token() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='; }

ensure_dev_credentials() {
    if [[ ! -s $CREDENTIALS_FILE ]]; then
        info "writing development credentials to $CREDENTIALS_FILE"
        (
            umask 077
            {
                echo "# Development credentials written by ./aegis. Not for production."
                echo "# api-key.<role>=<key>: send the key as the X-API-Key header."
                for role in "${ROLES[@]}"; do
                    echo "api-key.$role=dev-$role-$(random_token)"
                done
                echo "jwt.hmac-secret=$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
            } >"$CREDENTIALS_FILE"
        )
    fi
    # Spring's relaxed binding reads aegis.security.credentials-file from AEGIS_SECURITY_CREDENTIALSFILE.
    export AEGIS_SECURITY_CREDENTIALS_FILE="$CREDENTIALS_FILE" AEGIS_SECURITY_CREDENTIALSFILE="$CREDENTIALS_FILE"
}

# Prints the development API key of ROLE.
dev_api_key() {
    grep "^api-key.$1=" "$CREDENTIALS_FILE" | cut -d= -f2-
}
