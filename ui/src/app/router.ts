import { useEffect, useState } from "react";

// Hash routing keeps every page reachable from the single index.html that the api serves at /, so the server
// needs no fallback routes.

export type Page = "overview" | "alerts" | "vehicle" | "root-cause";

export interface Route {
  page: Page;
  params: URLSearchParams;
}

const PAGES: Record<string, Page> = {
  "": "overview",
  alerts: "alerts",
  vehicle: "vehicle",
  "root-cause": "root-cause",
};

export function parseHash(hash: string): Route | null {
  const withoutMark = hash.replace(/^#\/?/, "");
  const question = withoutMark.indexOf("?");
  const path = question < 0 ? withoutMark : withoutMark.slice(0, question);
  const query = question < 0 ? "" : withoutMark.slice(question + 1);
  const page = PAGES[path.replace(/\/$/, "")];
  return page ? { page, params: new URLSearchParams(query) } : null;
}

/** Builds the href of a page, leaving out empty parameters. */
export function href(page: Page, params: Record<string, string | number | null | undefined> = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== "") {
      search.set(name, String(value));
    }
  }
  const path = page === "overview" ? "" : page;
  const query = search.toString();
  return `#/${path}${query ? "?" + query : ""}`;
}

export function vehicleHref(vin: string, at?: number): string {
  return href("vehicle", { vin, at });
}

/** Changes the route; replace keeps the browser history from growing while a slider moves. */
export function navigate(target: string, replace = false): void {
  if (replace) {
    window.history.replaceState(null, "", target);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = target;
  }
}

/** Returns the current route, or null for a hash that names no page. */
export function useRoute(): Route | null {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const update = () => setHash(window.location.hash);
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return parseHash(hash);
}
