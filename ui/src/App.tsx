import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AlertFeedProvider, useAlertFeed } from "./app/alertFeed";
import { href, useRoute, type Page } from "./app/router";
import { SessionProvider, type Session } from "./app/session";
import { SignIn } from "./app/SignIn";
import { ConnectionBadge } from "./components/ConnectionBadge";
import { clearApiKey, loadApiKey, saveApiKey } from "./lib/session";
import { AlertsPage } from "./pages/AlertsPage";
import { OverviewPage } from "./pages/OverviewPage";
import { RootCausePage } from "./pages/RootCausePage";
import { VehiclePage } from "./pages/VehiclePage";

const NAVIGATION: { page: Page; label: string }[] = [
  { page: "overview", label: "Line overview" },
  { page: "alerts", label: "Live alerts" },
  { page: "vehicle", label: "Vehicle time travel" },
  { page: "root-cause", label: "Root cause" },
];

export function App() {
  const [apiKey, setApiKey] = useState<string | null>(() => loadApiKey());
  const [signOutReason, setSignOutReason] = useState<string | null>(null);

  const signOut = useCallback((reason?: string) => {
    clearApiKey();
    setApiKey(null);
    setSignOutReason(reason ?? null);
  }, []);

  const session = useMemo<Session | null>(() => (apiKey ? { apiKey, signOut } : null), [apiKey, signOut]);

  if (!session) {
    return (
      <SignIn
        reason={signOutReason}
        onSignedIn={(key) => {
          saveApiKey(key);
          setSignOutReason(null);
          setApiKey(key);
        }}
      />
    );
  }
  return (
    <SessionProvider session={session}>
      <AlertFeedProvider>
        <Shell onSignOut={() => signOut()} />
      </AlertFeedProvider>
    </SessionProvider>
  );
}

function Shell({ onSignOut }: { onSignOut: () => void }) {
  const route = useRoute();
  const feed = useAlertFeed();
  const main = useRef<HTMLElement>(null);
  const page = route?.page ?? null;
  const firstPage = useRef(true);
  // Moves keyboard focus to the new page's content when the page changes, as a full page load would.
  useEffect(() => {
    if (firstPage.current) {
      firstPage.current = false;
      return;
    }
    main.current?.focus();
  }, [page]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Aegis</span>
        <nav aria-label="Pages">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.page}>
                <a href={href(item.page)} aria-current={route?.page === item.page ? "page" : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <ConnectionBadge state={feed.state} detail={null} />
        <button type="button" className="link-button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        {route === null ? (
          <section>
            <h1>Page not found</h1>
            <p>
              This address names no page. Go to the <a href={href("overview")}>line overview</a>.
            </p>
          </section>
        ) : route.page === "overview" ? (
          <OverviewPage />
        ) : route.page === "alerts" ? (
          <AlertsPage />
        ) : route.page === "vehicle" ? (
          <VehiclePage params={route.params} />
        ) : (
          <RootCausePage />
        )}
      </main>
    </div>
  );
}
