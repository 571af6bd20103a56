import { useCallback, useEffect, useState } from "react";
import type { AlertView } from "../../api/alerts";
import { FORESIGHT, VEHICLE_HISTORY, WORK_ORDER_EVENTS } from "../../api/operations";
import { useRequest } from "../../app/session";
import type {
  ForesightFieldsFragment,
  ForesightQuery,
  ForesightQueryVariables,
  VehicleHistoryQuery,
  VehicleHistoryQueryVariables,
  WorkOrderEventsQuery,
  WorkOrderEventsQueryVariables,
} from "../../generated/graphql";
import { buildTimeline, type Timeline } from "../../lib/timeline";

export type WorkOrderSummary = VehicleHistoryQuery["workOrders"]["edges"][number]["node"];

export interface VehicleHistory {
  workOrders: WorkOrderSummary[];
  alerts: AlertView[];
  timeline: Timeline;
  /** Foresight's verdict on the first defect after the vehicle's first recorded event. */
  foresight: ForesightFieldsFragment;
}

export type VehicleHistoryState =
  | { status: "loading" }
  | { status: "error"; message: string; retry: () => void }
  | { status: "ready"; history: VehicleHistory };

/**
 * Loads everything the timeline shows for one VIN: its work orders, every MES event of each, its alerts up to
 * now, and the Foresight verdict for its first defect.
 */
export function useVehicleHistory(vin: string): VehicleHistoryState {
  const request = useRequest();
  const [state, setState] = useState<VehicleHistoryState>({ status: "loading" });
  const [generation, setGeneration] = useState(0);
  const retry = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    const signal = controller.signal;
    setState({ status: "loading" });
    const load = async (): Promise<VehicleHistory> => {
      const now = Date.now();
      const overview = await request<VehicleHistoryQuery, VehicleHistoryQueryVariables>(VEHICLE_HISTORY, { vin, now }, signal);
      const workOrders = overview.workOrders.edges.map((edge) => edge.node);
      const eventLists = await Promise.all(
        workOrders.map((workOrder) =>
          request<WorkOrderEventsQuery, WorkOrderEventsQueryVariables>(WORK_ORDER_EVENTS, { workOrderId: workOrder.id }, signal),
        ),
      );
      const events = eventLists.flatMap((list) => list.workOrderEvents);
      const alerts = overview.current.alerts;
      const timeline = buildTimeline(events, alerts, now);
      // Foresight reports the first defect after the given instant, so asking just before the first recorded
      // event (or the first creation time) covers the vehicle's whole history.
      const createdTimes = workOrders.flatMap((workOrder) => (workOrder.createdAt === null ? [] : [workOrder.createdAt]));
      const firstInstant = Math.min(timeline.start, ...createdTimes) - 1;
      const verdict = await request<ForesightQuery, ForesightQueryVariables>(FORESIGHT, { vin, at: firstInstant }, signal);
      return { workOrders, alerts, timeline, foresight: verdict.vinAt.foresight };
    };
    load().then(
      (history) => {
        if (!signal.aborted) setState({ status: "ready", history });
      },
      (error: unknown) => {
        if (signal.aborted) return;
        setState({ status: "error", message: error instanceof Error ? error.message : String(error), retry });
      },
    );
    return () => controller.abort();
  }, [vin, request, generation, retry]);

  return state;
}
