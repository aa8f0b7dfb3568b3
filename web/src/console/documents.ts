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

export const OpenAlertsQuery = graphql(`
  query ConsoleOpenAlerts {
    alerts(openOnly: true) { ...ConsoleAlertFields }
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
      events { cursor type at actorRole note fromStatus toStatus }
    }
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
