import { graphql } from '../../gql';

/**
 * What the queue, the map and the panel need of an incident. Each incident event carries the whole,
 * current incident, so the console's incidents are a fold of snapshots (fold.ts), like its alerts.
 * `alerts { id }` only: the alerts themselves come from the alert stream the console already holds.
 */
export const ConsoleIncidentFields = graphql(`
  fragment ConsoleIncidentFields on Incident {
    id
    status
    severity
    alertCount
    openAlertCount
    hull
    center { lat lon }
    startedAt
    updatedAt
    consulate { id name }
    alerts { id }
    lead { id name }
    team { id name }
  }
`);

export const IncidentsQuery = graphql(`
  query ConsoleIncidents($consulateId: ID) {
    incidents(consulateId: $consulateId) { ...ConsoleIncidentFields }
  }
`);

export const IncidentEventsCursorQuery = graphql(`
  query ConsoleIncidentEventsCursor {
    incidentEventsCursor
  }
`);

export const IncidentEventsSubscription = graphql(`
  subscription ConsoleIncidentEvents($consulateId: ID!, $after: String) {
    incidentEvents(consulateId: $consulateId, after: $after) {
      cursor
      type
      at
      incident { ...ConsoleIncidentFields }
    }
  }
`);

export const AllIncidentEventsSubscription = graphql(`
  subscription ConsoleAllIncidentEvents($after: String) {
    incidentEvents(after: $after) {
      cursor
      type
      at
      incident { ...ConsoleIncidentFields }
    }
  }
`);

export const ConfirmIncidentMutation = graphql(`
  mutation ConsoleConfirmIncident($id: ID!) {
    confirmIncident(id: $id) { ...ConsoleIncidentFields }
  }
`);

export const DismissIncidentMutation = graphql(`
  mutation ConsoleDismissIncident($id: ID!, $reason: String) {
    dismissIncident(id: $id, reason: $reason) { ...ConsoleIncidentFields }
  }
`);

export const SetIncidentTeamMutation = graphql(`
  mutation ConsoleSetIncidentTeam($id: ID!, $advisorIds: [ID!]!) {
    setIncidentTeam(id: $id, advisorIds: $advisorIds) { ...ConsoleIncidentFields }
  }
`);

export const PostIncidentStatusMutation = graphql(`
  mutation ConsolePostIncidentStatus($id: ID!, $notice: IncidentNotice!) {
    postIncidentStatus(id: $id, notice: $notice) { ...ConsoleIncidentFields }
  }
`);
