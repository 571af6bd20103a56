import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import { graphqlRequest, RequestError } from "../api/graphql";

export interface Session {
  apiKey: string;
  /** Forgets the key and returns to the sign-in screen, with a reason to show there. */
  signOut: (reason?: string) => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) {
    throw new Error("useSession must be used inside a SessionProvider");
  }
  return session;
}

export type Request = <TData, TVariables>(query: string, variables: TVariables, signal?: AbortSignal) => Promise<TData>;

/** Returns a GraphQL request function bound to the session's key; a rejected key signs the user out. */
export function useRequest(): Request {
  const { apiKey, signOut } = useSession();
  const request = useCallback(
    async <TData, TVariables>(query: string, variables: TVariables, signal?: AbortSignal) => {
      try {
        return await graphqlRequest<TData, TVariables>(query, variables, { apiKey, signal });
      } catch (error) {
        if (error instanceof RequestError && error.kind === "unauthorized") {
          signOut(error.message);
        }
        throw error;
      }
    },
    [apiKey, signOut],
  ) as Request;
  return useMemo(() => request, [request]);
}
