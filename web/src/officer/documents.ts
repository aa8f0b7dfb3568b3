import { graphql } from '../gql';

/**
 * What the officer's screen needs of an alert. For alerts not assigned to this advisor the server
 * sends a coarse location (`precise: false`, a ~1 km cell centre).
 */
export const OfficerAlertFields = graphql(`
  fragment OfficerAlertFields on Alert {
    id
    shortCode
    status
    kind
    createdAt
    duress
    personLanguage
    location { lat lon accuracyM precise }
    consulate { id name }
    offer { distanceKm expiresAt advisor { id name } }
    assignedAdvisor { id name }
  }
`);

export const OfficerAdvisorFields = graphql(`
  fragment OfficerAdvisorFields on Advisor {
    id
    name
    kind
    availability
    capacity
    activeAlerts
    consulate { id name }
  }
`);

/** Offers to me, my alerts, and open alerts within the radius of my last reported position. Live only. */
export const NearbyAlertsSubscription = graphql(`
  subscription OfficerNearbyAlerts($radiusKm: Float!) {
    nearbyAlerts(radiusKm: $radiusKm) {
      cursor
      type
      at
      alert { ...OfficerAlertFields }
    }
  }
`);

export const ReportLocationMutation = graphql(`
  mutation OfficerReportLocation($location: LocationInput!) {
    reportAdvisorLocation(location: $location) { ...OfficerAdvisorFields }
  }
`);

export const SetAvailabilityMutation = graphql(`
  mutation OfficerSetAvailability($availability: Availability!) {
    setAvailability(availability: $availability) { ...OfficerAdvisorFields }
  }
`);

export const ClaimAlertMutation = graphql(`
  mutation OfficerClaimAlert($id: ID!) {
    claimAlert(id: $id) { ...OfficerAlertFields }
  }
`);

export const DeclineOfferMutation = graphql(`
  mutation OfficerDeclineOffer($id: ID!) {
    declineOffer(id: $id) { ...OfficerAlertFields }
  }
`);

export const UpdateStatusMutation = graphql(`
  mutation OfficerUpdateAlertStatus($id: ID!, $status: FieldStatus!) {
    updateAlertStatus(id: $id, status: $status) { ...OfficerAlertFields }
  }
`);

export const ResolveAlertMutation = graphql(`
  mutation OfficerResolveAlert($disposition: Disposition!, $id: ID!, $note: String) {
    resolveAlert(id: $id, disposition: $disposition, note: $note) { ...OfficerAlertFields }
  }
`);

/** Re-reads an alert this officer holds (after a reload, or to check who won a claim). */
export const OfficerAlertQuery = graphql(`
  query OfficerAlert($id: ID!) {
    alert(id: $id) { ...OfficerAlertFields }
  }
`);

/**
 * What the phone loads when the page opens (a new or cleared device too) and again whenever the alerts
 * in this officer's care change: their roster entry (the "a su cargo" count) and their open work.
 */
export const OfficerStartQuery = graphql(`
  query OfficerStart {
    myAdvisor { ...OfficerAdvisorFields }
    myAlerts { ...OfficerAlertFields }
  }
`);
