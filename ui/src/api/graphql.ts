// A small fetch-based GraphQL client. Operation types come from src/generated/graphql.ts (graphql-codegen).

export type RequestErrorKind = "unauthorized" | "http" | "graphql" | "network";

/** A failed GraphQL request; kind "unauthorized" means the API key was rejected (HTTP 401 or 403). */
export class RequestError extends Error {
  constructor(
    readonly kind: RequestErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

interface GraphQlResponse<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface RequestOptions {
  apiKey: string;
  signal?: AbortSignal;
}

/** Posts one operation to /graphql with the X-API-Key header and returns its data, or throws a RequestError. */
export async function graphqlRequest<TData, TVariables>(
  query: string,
  variables: TVariables,
  { apiKey, signal }: RequestOptions,
): Promise<TData> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-API-Key": apiKey },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") {
      throw error;
    }
    throw new RequestError("network", `The api cannot be reached (${String(error)}). Check that it is running.`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new RequestError("unauthorized", `The api rejected the API key (HTTP ${response.status}).`, response.status);
  }
  let body: GraphQlResponse<TData> | null = null;
  try {
    body = (await response.json()) as GraphQlResponse<TData>;
  } catch {
    body = null;
  }
  if (body?.errors?.length) {
    throw new RequestError("graphql", body.errors.map((e) => e.message).join("; "), response.status);
  }
  if (!response.ok || !body?.data) {
    throw new RequestError("http", `The api returned HTTP ${response.status} without data.`, response.status);
  }
  return body.data;
}
