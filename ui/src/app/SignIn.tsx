import { useState, type FormEvent } from "react";
import { graphqlRequest, RequestError } from "../api/graphql";
import { VERIFY_KEY } from "../api/operations";
import type { VerifyKeyQuery, VerifyKeyQueryVariables } from "../generated/graphql";

/** Asks for an API key and checks it against the api before accepting it. */
export function SignIn({ onSignedIn, reason }: { onSignedIn: (key: string) => void; reason: string | null }) {
  const [key, setKey] = useState("");
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (trimmed === "") {
      setError("Enter an API key.");
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await graphqlRequest<VerifyKeyQuery, VerifyKeyQueryVariables>(VERIFY_KEY, {}, { apiKey: trimmed });
      onSignedIn(trimmed);
    } catch (failure) {
      setError(
        failure instanceof RequestError && failure.kind === "unauthorized"
          ? "The api rejected this key. Check it and try again."
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
    } finally {
      setChecking(false);
    }
  };

  return (
    <main className="sign-in">
      <form onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title" noValidate>
        <h1 id="sign-in-title">Aegis</h1>
        <p>Sign in with an API key. The key stays in this browser tab and is sent as the X-API-Key header.</p>
        {reason ? (
          <p className="status status-error" role="alert">
            Signed out: {reason}
          </p>
        ) : null}
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? "api-key-error" : "api-key-help"}
          autoFocus
        />
        <small id="api-key-help">
          Development keys are in .aegis/credentials.properties (lines api-key.ROLE=KEY). A supervisor key opens the
          overview and live alerts; vehicle time travel needs an auditor or quality key, and root cause a quality or
          auditor key.
        </small>
        {error ? (
          <p id="api-key-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={checking}>
          {checking ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
