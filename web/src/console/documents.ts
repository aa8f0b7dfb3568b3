import { graphql } from '../gql';

/**
 * Everything the queue and the map need to draw an alert: it comes with each event and with the
 * initial `alerts` load, so the list and the map are a pure fold (see fold.ts) and a replay after a
 * reconnect rebuilds the same state.
 */
export const ConsoleAlertFields = graphql(`
  fragment ConsoleAlertFields on Alert {
    id
    shortCode
    status
    kind
    createdAt
    duress
    offerCount
    location { lat lon precise }
    consulate { id name }
    jurisdictionMatch { method distanceKm }
    offer { distanceKm expiresAt advisor { id name } }
    assignedAdvisor { id name }
  }
`);

export const AlertEventsSubscription = graphql(`
  subscription ConsoleAlertEvents($after: String) {
    alertEvents(after: $after) {
      cursor
      type
      at
      alert { ...ConsoleAlertFields }
    }
  }
`);

/** Read first: the stream then starts right after it, so nothing raised during the load is lost. */
export const EventsCursorQuery = graphql(`
  query ConsoleEventsCursor {
    eventsCursor
  }
`);

// The API's maximum (5,000): the default page (500) would leave the oldest alerts of a raid out of the
// queue. A variable, because the cost rule multiplies a literal `first` into the query's cost and the
// resolver's cap is what bounds the answer. `consistentWith`: the cursor read first, so a hot standby that
// already holds it may answer (the load is the heaviest read a control room makes).
export const OpenAlertsQuery = graphql(`
  query ConsoleOpenAlerts($first: Int = 5000, $consistentWith: String) {
    alerts(openOnly: true, first: $first, consistentWith: $consistentWith) { ...ConsoleAlertFields }
  }
`);

/** The detail panel: the timeline and closing data, read again whenever the stream moves the alert. */
export const AlertDetailQuery = graphql(`
  query ConsoleAlertDetail($id: ID!) {
    alert(id: $id) {
      id
      disposition
      resolutionNote
      personLanguage
      personNote
      flags
      location { accuracyM }
      smsDelivery { contactsNotified contactsTotal failures }
      events { cursor type at actorRole note fromStatus toStatus }
    }
  }
`);

/** The selected alert's reported positions, for its track on the map (precise: the handling consulate only). */
export const AlertTrackQuery = graphql(`
  query ConsoleAlertTrack($id: ID!) {
    alert(id: $id) {
      id
      track(last: 200) { lat lon recordedAt }
    }
  }
`);

/** The advisors on the map: the roster with positions, then the live `advisorPositions` stream. */
export const AdvisorPinsQuery = graphql(`
  query ConsoleAdvisorPins($consulateId: ID) {
    advisors(consulateId: $consulateId) {
      id
      name
      active
      availability
      location { lat lon }
      locationAt
    }
  }
`);

export const AdvisorPositionsSubscription = graphql(`
  subscription ConsoleAdvisorPositions($consulateId: ID) {
    advisorPositions(consulateId: $consulateId) {
      advisor { id name }
      availability
      active
      location { lat lon }
      locationAt
    }
  }
`);

/** The dashboard strip's SLA medians, read again every minute and when alerts close. */
export const DispatchStatsQuery = graphql(`
  query ConsoleDispatchStats($consulateId: ID) {
    dispatchStats(consulateId: $consulateId, windowHours: 24) {
      clocks { clock count medianS p90S }
    }
  }
`);

/** The offices, for the map's consulate markers (public data). */
export const ConsulateMarkersQuery = graphql(`
  query ConsoleConsulates {
    consulates { id name isFallback location { lat lon } }
  }
`);

/** The roster an operator assigns from. */
export const AdvisorsQuery = graphql(`
  query ConsoleAdvisors($consulateId: ID) {
    advisors(consulateId: $consulateId) {
      id
      name
      kind
      active
      availability
      capacity
      activeAlerts
    }
  }
`);

export const AssignAlertMutation = graphql(`
  mutation ConsoleAssignAlert($id: ID!, $advisorId: ID!) {
    assignAlert(id: $id, advisorId: $advisorId) { id status }
  }
`);

export const ReassignAlertMutation = graphql(`
  mutation ConsoleReassignAlert($id: ID!, $advisorId: ID!) {
    reassignAlert(id: $id, advisorId: $advisorId) { id status }
  }
`);

export const EscalateAlertMutation = graphql(`
  mutation ConsoleEscalateAlert($id: ID!, $note: String) {
    escalateAlert(id: $id, note: $note) { id status }
  }
`);

export const ResolveAlertMutation = graphql(`
  mutation ConsoleResolveAlert($id: ID!, $disposition: Disposition!, $note: String) {
    resolveAlert(id: $id, disposition: $disposition, note: $note) { id status disposition }
  }
`);

/** The SMS line of the open panel, read again every few seconds (delivery reports are no alert events). */
export const AlertSmsDeliveryQuery = graphql(`
  query ConsoleAlertSmsDelivery($id: ID!) {
    alert(id: $id) {
      id
      smsDelivery { contactsNotified contactsTotal failures }
    }
  }
`);
