import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { mergeAlerts, type AlertView, type ResyncInfo } from "../api/alerts";
import { AlertStream, type ConnectionState } from "../api/alertStream";
import { RECENT_ALERTS } from "../api/operations";
import type { RecentAlertsQuery, RecentAlertsQueryVariables } from "../generated/graphql";
import { formatClock } from "../lib/format";
import { useRequest, useSession } from "./session";

/** Number of alerts the dashboard keeps in memory and loads at start and after a resync. */
export const ALERT_BUFFER = 200;

export interface AlertFeed {
  /** Newest first. */
  alerts: AlertView[];
  state: ConnectionState;
  /** Why the connection is not "connected": the failure and the retry delay, or a resync note. */
  detail: string | null;
  /** True until the first load of recent alerts has finished or failed. */
  loading: boolean;
  /** The failure of the latest recent-alerts load, if it failed. */
  loadError: string | null;
  lastResync: ResyncInfo | null;
}

const AlertFeedContext = createContext<AlertFeed | null>(null);

export function useAlertFeed(): AlertFeed {
  const feed = useContext(AlertFeedContext);
  if (!feed) {
    throw new Error("useAlertFeed must be used inside an AlertFeedProvider");
  }
  return feed;
}

/**
 * Loads the recent alerts over GraphQL, then follows the SSE stream from the newest of them, so the list has
 * no gap between the two. After a resync it reloads the recent alerts. One connection serves every page.
 */
export function AlertFeedProvider({ children }: { children: ReactNode }) {
  const { apiKey, signOut } = useSession();
  const request = useRequest();
  const [alerts, setAlerts] = useState<AlertView[]>([]);
  const [state, setState] = useState<ConnectionState>("connecting");
  const [detail, setDetail] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [lastResync, setLastResync] = useState<ResyncInfo | null>(null);
  const requestRef = useRef(request);
  requestRef.current = request;

  useEffect(() => {
    let cancelled = false;
    let stream: AlertStream | null = null;
    let invalidEvents = 0;

    const loadRecent = async (): Promise<AlertView[]> => {
      try {
        const data = await requestRef.current<RecentAlertsQuery, RecentAlertsQueryVariables>(RECENT_ALERTS, {
          limit: ALERT_BUFFER,
        });
        if (!cancelled) {
          setAlerts((current) => mergeAlerts(current, data.recentAlerts, ALERT_BUFFER));
          setLoadError(null);
        }
        return data.recentAlerts;
      } catch (error) {
        if (!cancelled) setLoadError(error instanceof Error ? error.message : String(error));
        return [];
      } finally {
        if (!cancelled) setLoading(false);
      }
    };

    void loadRecent().then((recent) => {
      if (cancelled) return;
      const newestSeq = recent.reduce<number | null>(
        (max, alert) => (alert.streamSeq !== null && (max === null || alert.streamSeq > max) ? alert.streamSeq : max),
        null,
      );
      stream = new AlertStream({
        apiKey,
        lastEventId: newestSeq === null ? undefined : String(newestSeq),
        onAlert: (alert) => setAlerts((current) => mergeAlerts(current, [alert], ALERT_BUFFER)),
        onResync: (info) => {
          setLastResync(info);
          void loadRecent();
        },
        onState: (next, why) => {
          setState(next);
          if (next === "resynced") {
            setDetail(`resynced at ${formatClock(Date.now())}; recent alerts reloaded`);
          } else {
            setDetail(why);
          }
          if (next === "unauthorized") {
            signOut(why ?? "the api rejected the API key");
          }
        },
        onInvalidEvent: (message) => {
          invalidEvents += 1;
          // Logged for the first and then every hundredth, so a broken producer cannot flood the console.
          if (invalidEvents % 100 === 1) {
            console.warn(`[alerts] skipped ${invalidEvents} unusable SSE event(s); latest: ${message}`);
          }
        },
      });
      stream.start();
    });
    return () => {
      cancelled = true;
      stream?.stop();
    };
  }, [apiKey, signOut]);

  const feed: AlertFeed = { alerts, state, detail, loading, loadError, lastResync };
  return <AlertFeedContext.Provider value={feed}>{children}</AlertFeedContext.Provider>;
}
