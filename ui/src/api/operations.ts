// Every GraphQL operation of the dashboard. graphql-codegen reads the /* GraphQL */ templates and generates
// their result and variable types into src/generated/graphql.ts; the names there follow the operation names.

export const VERIFY_KEY = /* GraphQL */ `
  query VerifyKey {
    __typename
  }
`;

export const ALERT_FIELDS = /* GraphQL */ `
  fragment AlertFields on Alert {
    alertId
    streamSeq
    stationId
    anomalyScore
    triggerTorqueNm
    timestamp
    vin
    firmware
    modelName
    modelVersion
  }
`;

export const LINE_OVERVIEW = /* GraphQL */ `
  query LineOverview {
    stations {
      id
      vin
      workOrderId
      arrivedAt
      firmware
      workOrder {
        id
        state
      }
      lastSample {
        seq
        timestamp
        torque
      }
    }
  }
`;

export const RECENT_ALERTS = /* GraphQL */ `
  query RecentAlerts($stationId: String, $since: Long, $limit: Int) {
    recentAlerts(stationId: $stationId, since: $since, limit: $limit) {
      ...AlertFields
    }
  }
  ${ALERT_FIELDS}
`;

export const VEHICLE_HISTORY = /* GraphQL */ `
  query VehicleHistory($vin: String!, $now: Long!) {
    workOrders(filter: { vin: $vin }, first: 20) {
      edges {
        node {
          id
          vin
          model
          state
          stationId
          createdAt
          lastEventAt
        }
      }
    }
    current: vinAt(vin: $vin, at: $now, windowMs: 1000, maxPoints: 10) {
      alerts {
        ...AlertFields
      }
    }
  }
  ${ALERT_FIELDS}
`;

export const WORK_ORDER_EVENTS = /* GraphQL */ `
  query WorkOrderEvents($workOrderId: ID!) {
    workOrderEvents(workOrderId: $workOrderId) {
      eventId
      workOrderId
      eventType
      stationId
      occurredAt
      recordedAt
      correctsEventId
      correctedByEventId
      ecu
      firmware
      defectCode
      payloadJson
    }
  }
`;

export const FORESIGHT_FIELDS = /* GraphQL */ `
  fragment ForesightFields on Foresight {
    sawItComing
    leadTimeMs
    defect {
      eventId
      code
      description
      detectedAt
      stationId
    }
    firstAlert {
      ...AlertFields
    }
  }
`;

export const FORESIGHT = /* GraphQL */ `
  query Foresight($vin: String!, $at: Long!) {
    vinAt(vin: $vin, at: $at, windowMs: 1000, maxPoints: 10) {
      foresight {
        ...ForesightFields
      }
    }
  }
  ${FORESIGHT_FIELDS}
  ${ALERT_FIELDS}
`;

export const VIN_AT = /* GraphQL */ `
  query VinAt($vin: String!, $at: Long!, $windowMs: Long!, $maxPoints: Int!) {
    vinAt(vin: $vin, at: $at, windowMs: $windowMs, maxPoints: $maxPoints) {
      vin
      at
      station {
        stationId
        workOrderId
        arrivedAt
        leftAt
      }
      workOrder {
        workOrderId
        state
        lastEventType
        lastEventAt
      }
      firmware {
        ecu
        version
        flashedAt
        stationId
      }
      samples {
        from
        to
        downsampled
        bucketMs
        totalSamples
        points {
          stationId
          timestamp
          torque
          minTorque
          maxTorque
          count
        }
      }
      alerts {
        ...AlertFields
      }
      foresight {
        ...ForesightFields
      }
    }
  }
  ${FORESIGHT_FIELDS}
  ${ALERT_FIELDS}
`;

export const TELEMETRY_SEARCH = /* GraphQL */ `
  query TelemetrySearch($filter: TelemetryFilter!, $limit: Int) {
    telemetrySearch(filter: $filter, limit: $limit) {
      stationId
      seq
      timestamp
      torque
      angleDeg
      vin
      firmware
      workOrderId
      status
    }
  }
`;
