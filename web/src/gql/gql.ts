/* eslint-disable */
import * as types from './graphql';
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query ConsoleDistrictEvidence($consulateId: ID!) {\n    district(consulateId: $consulateId) {\n      countyCount\n      provenance { sourced recalled inferred corrected }\n      evidence { strong medium weak ungraded uncertain }\n      counties { fips name state provenance evidenceStrength uncertain }\n    }\n  }\n": typeof types.ConsoleDistrictEvidenceDocument,
    "\n  fragment ConsoleAlertFields on Alert {\n    id\n    shortCode\n    status\n    kind\n    createdAt\n    duress\n    offerCount\n    location { lat lon precise }\n    consulate { id name }\n    jurisdictionMatch { method distanceKm }\n    offer { distanceKm expiresAt advisor { id name } }\n    assignedAdvisor { id name }\n  }\n": typeof types.ConsoleAlertFieldsFragmentDoc,
    "\n  subscription ConsoleAlertEvents($after: String) {\n    alertEvents(after: $after) {\n      cursor\n      type\n      at\n      alert { ...ConsoleAlertFields }\n    }\n  }\n": typeof types.ConsoleAlertEventsDocument,
    "\n  query ConsoleEventsCursor {\n    eventsCursor\n  }\n": typeof types.ConsoleEventsCursorDocument,
    "\n  query ConsoleOpenAlerts($first: Int = 5000, $consistentWith: String) {\n    alerts(openOnly: true, first: $first, consistentWith: $consistentWith) { ...ConsoleAlertFields }\n  }\n": typeof types.ConsoleOpenAlertsDocument,
    "\n  query ConsoleAlertDetail($id: ID!) {\n    alert(id: $id) {\n      id\n      disposition\n      resolutionNote\n      personLanguage\n      personNote\n      flags\n      location { accuracyM }\n      smsDelivery { contactsNotified contactsTotal failures }\n      events { cursor type at actorRole note fromStatus toStatus }\n    }\n  }\n": typeof types.ConsoleAlertDetailDocument,
    "\n  query ConsoleAlertTrack($id: ID!) {\n    alert(id: $id) {\n      id\n      track(last: 200) { lat lon recordedAt }\n    }\n  }\n": typeof types.ConsoleAlertTrackDocument,
    "\n  query ConsoleAdvisorPins($consulateId: ID) {\n    advisors(consulateId: $consulateId) {\n      id\n      name\n      active\n      availability\n      location { lat lon }\n      locationAt\n    }\n  }\n": typeof types.ConsoleAdvisorPinsDocument,
    "\n  subscription ConsoleAdvisorPositions($consulateId: ID) {\n    advisorPositions(consulateId: $consulateId) {\n      advisor { id name }\n      availability\n      active\n      location { lat lon }\n      locationAt\n    }\n  }\n": typeof types.ConsoleAdvisorPositionsDocument,
    "\n  query ConsoleDispatchStats($consulateId: ID) {\n    dispatchStats(consulateId: $consulateId, windowHours: 24) {\n      clocks { clock count medianS p90S }\n    }\n  }\n": typeof types.ConsoleDispatchStatsDocument,
    "\n  query ConsoleConsulates {\n    consulates { id name isFallback location { lat lon } }\n  }\n": typeof types.ConsoleConsulatesDocument,
    "\n  query ConsoleAdvisors($consulateId: ID) {\n    advisors(consulateId: $consulateId) {\n      id\n      name\n      kind\n      active\n      availability\n      capacity\n      activeAlerts\n    }\n  }\n": typeof types.ConsoleAdvisorsDocument,
    "\n  mutation ConsoleAssignAlert($id: ID!, $advisorId: ID!) {\n    assignAlert(id: $id, advisorId: $advisorId) { id status }\n  }\n": typeof types.ConsoleAssignAlertDocument,
    "\n  mutation ConsoleReassignAlert($id: ID!, $advisorId: ID!) {\n    reassignAlert(id: $id, advisorId: $advisorId) { id status }\n  }\n": typeof types.ConsoleReassignAlertDocument,
    "\n  mutation ConsoleEscalateAlert($id: ID!, $note: String) {\n    escalateAlert(id: $id, note: $note) { id status }\n  }\n": typeof types.ConsoleEscalateAlertDocument,
    "\n  mutation ConsoleResolveAlert($id: ID!, $disposition: Disposition!, $note: String) {\n    resolveAlert(id: $id, disposition: $disposition, note: $note) { id status disposition }\n  }\n": typeof types.ConsoleResolveAlertDocument,
    "\n  query ConsoleAlertSmsDelivery($id: ID!) {\n    alert(id: $id) {\n      id\n      smsDelivery { contactsNotified contactsTotal failures }\n    }\n  }\n": typeof types.ConsoleAlertSmsDeliveryDocument,
    "\n  fragment ConsoleIncidentFields on Incident {\n    id\n    status\n    severity\n    alertCount\n    openAlertCount\n    hull\n    center { lat lon }\n    startedAt\n    updatedAt\n    consulate { id name }\n    alerts { id }\n    lead { id name }\n    team { id name }\n  }\n": typeof types.ConsoleIncidentFieldsFragmentDoc,
    "\n  query ConsoleIncidents($consulateId: ID) {\n    incidents(consulateId: $consulateId) { ...ConsoleIncidentFields }\n  }\n": typeof types.ConsoleIncidentsDocument,
    "\n  query ConsoleIncidentEventsCursor {\n    incidentEventsCursor\n  }\n": typeof types.ConsoleIncidentEventsCursorDocument,
    "\n  subscription ConsoleIncidentEvents($consulateId: ID!, $after: String) {\n    incidentEvents(consulateId: $consulateId, after: $after) {\n      cursor\n      type\n      at\n      incident { ...ConsoleIncidentFields }\n    }\n  }\n": typeof types.ConsoleIncidentEventsDocument,
    "\n  subscription ConsoleAllIncidentEvents($after: String) {\n    incidentEvents(after: $after) {\n      cursor\n      type\n      at\n      incident { ...ConsoleIncidentFields }\n    }\n  }\n": typeof types.ConsoleAllIncidentEventsDocument,
    "\n  mutation ConsoleConfirmIncident($id: ID!) {\n    confirmIncident(id: $id) { ...ConsoleIncidentFields }\n  }\n": typeof types.ConsoleConfirmIncidentDocument,
    "\n  mutation ConsoleDismissIncident($id: ID!, $reason: String) {\n    dismissIncident(id: $id, reason: $reason) { ...ConsoleIncidentFields }\n  }\n": typeof types.ConsoleDismissIncidentDocument,
    "\n  mutation ConsoleSetIncidentTeam($id: ID!, $advisorIds: [ID!]!) {\n    setIncidentTeam(id: $id, advisorIds: $advisorIds) { ...ConsoleIncidentFields }\n  }\n": typeof types.ConsoleSetIncidentTeamDocument,
    "\n  mutation ConsolePostIncidentStatus($id: ID!, $notice: IncidentNotice!) {\n    postIncidentStatus(id: $id, notice: $notice) { ...ConsoleIncidentFields }\n  }\n": typeof types.ConsolePostIncidentStatusDocument,
    "\n  fragment OfficerAlertFields on Alert {\n    id\n    shortCode\n    status\n    kind\n    createdAt\n    duress\n    personLanguage\n    location { lat lon accuracyM precise }\n    consulate { id name }\n    offer { distanceKm expiresAt advisor { id name } }\n    assignedAdvisor { id name }\n  }\n": typeof types.OfficerAlertFieldsFragmentDoc,
    "\n  fragment OfficerAdvisorFields on Advisor {\n    id\n    name\n    kind\n    availability\n    capacity\n    activeAlerts\n    consulate { id name }\n  }\n": typeof types.OfficerAdvisorFieldsFragmentDoc,
    "\n  subscription OfficerNearbyAlerts($radiusKm: Float!) {\n    nearbyAlerts(radiusKm: $radiusKm) {\n      cursor\n      type\n      at\n      alert { ...OfficerAlertFields }\n    }\n  }\n": typeof types.OfficerNearbyAlertsDocument,
    "\n  mutation OfficerReportLocation($location: LocationInput!) {\n    reportAdvisorLocation(location: $location) { ...OfficerAdvisorFields }\n  }\n": typeof types.OfficerReportLocationDocument,
    "\n  mutation OfficerSetAvailability($availability: Availability!) {\n    setAvailability(availability: $availability) { ...OfficerAdvisorFields }\n  }\n": typeof types.OfficerSetAvailabilityDocument,
    "\n  mutation OfficerClaimAlert($id: ID!) {\n    claimAlert(id: $id) { ...OfficerAlertFields }\n  }\n": typeof types.OfficerClaimAlertDocument,
    "\n  mutation OfficerDeclineOffer($id: ID!) {\n    declineOffer(id: $id) { ...OfficerAlertFields }\n  }\n": typeof types.OfficerDeclineOfferDocument,
    "\n  mutation OfficerUpdateAlertStatus($id: ID!, $status: FieldStatus!) {\n    updateAlertStatus(id: $id, status: $status) { ...OfficerAlertFields }\n  }\n": typeof types.OfficerUpdateAlertStatusDocument,
    "\n  mutation OfficerResolveAlert($disposition: Disposition!, $id: ID!, $note: String) {\n    resolveAlert(id: $id, disposition: $disposition, note: $note) { ...OfficerAlertFields }\n  }\n": typeof types.OfficerResolveAlertDocument,
    "\n  query OfficerAlert($id: ID!) {\n    alert(id: $id) { ...OfficerAlertFields }\n  }\n": typeof types.OfficerAlertDocument,
    "\n  query OfficerStart {\n    myAdvisor { ...OfficerAdvisorFields }\n    myAlerts { ...OfficerAlertFields }\n  }\n": typeof types.OfficerStartDocument,
    "\n  mutation PersonRegister($input: RegisterPersonInput!) {\n    registerPerson(input: $input) {\n      token\n      person { id displayName preferredLanguage }\n    }\n  }\n": typeof types.PersonRegisterDocument,
    "\n  query PersonMe {\n    me { id displayName preferredLanguage trustedContacts { name phone } }\n  }\n": typeof types.PersonMeDocument,
    "\n  mutation PersonUpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { id displayName preferredLanguage trustedContacts { name phone } }\n  }\n": typeof types.PersonUpdateProfileDocument,
    "\n  mutation PersonDeleteMyData {\n    deleteMyData\n  }\n": typeof types.PersonDeleteMyDataDocument,
    "\n  query PersonCities {\n    consulates { id name city state isFallback location { lat lon } }\n  }\n": typeof types.PersonCitiesDocument,
    "\n  mutation PersonRaiseAlert($input: RaiseAlertInput!) {\n    raiseAlert(input: $input) { id status createdAt consulate { id name } }\n  }\n": typeof types.PersonRaiseAlertDocument,
    "\n  query PersonAlert($id: ID!, $language: String) {\n    alert(id: $id) {\n      id\n      status\n      events { cursor type at summary(language: $language) }\n    }\n  }\n": typeof types.PersonAlertDocument,
    "\n  subscription PersonAlertUpdates($after: String, $alertId: ID!, $language: String) {\n    alertUpdates(alertId: $alertId, after: $after) {\n      cursor\n      type\n      at\n      summary(language: $language)\n      alert { id status }\n    }\n  }\n": typeof types.PersonAlertUpdatesDocument,
    "\n  mutation PersonCancelAlert($id: ID!, $pin: String) {\n    cancelAlert(id: $id, pin: $pin) { id status }\n  }\n": typeof types.PersonCancelAlertDocument,
    "\n  mutation PersonUpdateAlertLocation($id: ID!, $location: LocationInput!, $recordedAt: DateTime) {\n    updateAlertLocation(id: $id, location: $location, recordedAt: $recordedAt) { id status }\n  }\n": typeof types.PersonUpdateAlertLocationDocument,
    "\n  mutation PersonSmsLinkCode {\n    smsLinkCode { code expiresAt number }\n  }\n": typeof types.PersonSmsLinkCodeDocument,
    "\n  query PersonSmsLinked {\n    me { id smsLinked }\n  }\n": typeof types.PersonSmsLinkedDocument,
};
const documents: Documents = {
    "\n  query ConsoleDistrictEvidence($consulateId: ID!) {\n    district(consulateId: $consulateId) {\n      countyCount\n      provenance { sourced recalled inferred corrected }\n      evidence { strong medium weak ungraded uncertain }\n      counties { fips name state provenance evidenceStrength uncertain }\n    }\n  }\n": types.ConsoleDistrictEvidenceDocument,
    "\n  fragment ConsoleAlertFields on Alert {\n    id\n    shortCode\n    status\n    kind\n    createdAt\n    duress\n    offerCount\n    location { lat lon precise }\n    consulate { id name }\n    jurisdictionMatch { method distanceKm }\n    offer { distanceKm expiresAt advisor { id name } }\n    assignedAdvisor { id name }\n  }\n": types.ConsoleAlertFieldsFragmentDoc,
    "\n  subscription ConsoleAlertEvents($after: String) {\n    alertEvents(after: $after) {\n      cursor\n      type\n      at\n      alert { ...ConsoleAlertFields }\n    }\n  }\n": types.ConsoleAlertEventsDocument,
    "\n  query ConsoleEventsCursor {\n    eventsCursor\n  }\n": types.ConsoleEventsCursorDocument,
    "\n  query ConsoleOpenAlerts($first: Int = 5000, $consistentWith: String) {\n    alerts(openOnly: true, first: $first, consistentWith: $consistentWith) { ...ConsoleAlertFields }\n  }\n": types.ConsoleOpenAlertsDocument,
    "\n  query ConsoleAlertDetail($id: ID!) {\n    alert(id: $id) {\n      id\n      disposition\n      resolutionNote\n      personLanguage\n      personNote\n      flags\n      location { accuracyM }\n      smsDelivery { contactsNotified contactsTotal failures }\n      events { cursor type at actorRole note fromStatus toStatus }\n    }\n  }\n": types.ConsoleAlertDetailDocument,
    "\n  query ConsoleAlertTrack($id: ID!) {\n    alert(id: $id) {\n      id\n      track(last: 200) { lat lon recordedAt }\n    }\n  }\n": types.ConsoleAlertTrackDocument,
    "\n  query ConsoleAdvisorPins($consulateId: ID) {\n    advisors(consulateId: $consulateId) {\n      id\n      name\n      active\n      availability\n      location { lat lon }\n      locationAt\n    }\n  }\n": types.ConsoleAdvisorPinsDocument,
    "\n  subscription ConsoleAdvisorPositions($consulateId: ID) {\n    advisorPositions(consulateId: $consulateId) {\n      advisor { id name }\n      availability\n      active\n      location { lat lon }\n      locationAt\n    }\n  }\n": types.ConsoleAdvisorPositionsDocument,
    "\n  query ConsoleDispatchStats($consulateId: ID) {\n    dispatchStats(consulateId: $consulateId, windowHours: 24) {\n      clocks { clock count medianS p90S }\n    }\n  }\n": types.ConsoleDispatchStatsDocument,
    "\n  query ConsoleConsulates {\n    consulates { id name isFallback location { lat lon } }\n  }\n": types.ConsoleConsulatesDocument,
    "\n  query ConsoleAdvisors($consulateId: ID) {\n    advisors(consulateId: $consulateId) {\n      id\n      name\n      kind\n      active\n      availability\n      capacity\n      activeAlerts\n    }\n  }\n": types.ConsoleAdvisorsDocument,
    "\n  mutation ConsoleAssignAlert($id: ID!, $advisorId: ID!) {\n    assignAlert(id: $id, advisorId: $advisorId) { id status }\n  }\n": types.ConsoleAssignAlertDocument,
    "\n  mutation ConsoleReassignAlert($id: ID!, $advisorId: ID!) {\n    reassignAlert(id: $id, advisorId: $advisorId) { id status }\n  }\n": types.ConsoleReassignAlertDocument,
    "\n  mutation ConsoleEscalateAlert($id: ID!, $note: String) {\n    escalateAlert(id: $id, note: $note) { id status }\n  }\n": types.ConsoleEscalateAlertDocument,
    "\n  mutation ConsoleResolveAlert($id: ID!, $disposition: Disposition!, $note: String) {\n    resolveAlert(id: $id, disposition: $disposition, note: $note) { id status disposition }\n  }\n": types.ConsoleResolveAlertDocument,
    "\n  query ConsoleAlertSmsDelivery($id: ID!) {\n    alert(id: $id) {\n      id\n      smsDelivery { contactsNotified contactsTotal failures }\n    }\n  }\n": types.ConsoleAlertSmsDeliveryDocument,
    "\n  fragment ConsoleIncidentFields on Incident {\n    id\n    status\n    severity\n    alertCount\n    openAlertCount\n    hull\n    center { lat lon }\n    startedAt\n    updatedAt\n    consulate { id name }\n    alerts { id }\n    lead { id name }\n    team { id name }\n  }\n": types.ConsoleIncidentFieldsFragmentDoc,
    "\n  query ConsoleIncidents($consulateId: ID) {\n    incidents(consulateId: $consulateId) { ...ConsoleIncidentFields }\n  }\n": types.ConsoleIncidentsDocument,
    "\n  query ConsoleIncidentEventsCursor {\n    incidentEventsCursor\n  }\n": types.ConsoleIncidentEventsCursorDocument,
    "\n  subscription ConsoleIncidentEvents($consulateId: ID!, $after: String) {\n    incidentEvents(consulateId: $consulateId, after: $after) {\n      cursor\n      type\n      at\n      incident { ...ConsoleIncidentFields }\n    }\n  }\n": types.ConsoleIncidentEventsDocument,
    "\n  subscription ConsoleAllIncidentEvents($after: String) {\n    incidentEvents(after: $after) {\n      cursor\n      type\n      at\n      incident { ...ConsoleIncidentFields }\n    }\n  }\n": types.ConsoleAllIncidentEventsDocument,
    "\n  mutation ConsoleConfirmIncident($id: ID!) {\n    confirmIncident(id: $id) { ...ConsoleIncidentFields }\n  }\n": types.ConsoleConfirmIncidentDocument,
    "\n  mutation ConsoleDismissIncident($id: ID!, $reason: String) {\n    dismissIncident(id: $id, reason: $reason) { ...ConsoleIncidentFields }\n  }\n": types.ConsoleDismissIncidentDocument,
    "\n  mutation ConsoleSetIncidentTeam($id: ID!, $advisorIds: [ID!]!) {\n    setIncidentTeam(id: $id, advisorIds: $advisorIds) { ...ConsoleIncidentFields }\n  }\n": types.ConsoleSetIncidentTeamDocument,
    "\n  mutation ConsolePostIncidentStatus($id: ID!, $notice: IncidentNotice!) {\n    postIncidentStatus(id: $id, notice: $notice) { ...ConsoleIncidentFields }\n  }\n": types.ConsolePostIncidentStatusDocument,
    "\n  fragment OfficerAlertFields on Alert {\n    id\n    shortCode\n    status\n    kind\n    createdAt\n    duress\n    personLanguage\n    location { lat lon accuracyM precise }\n    consulate { id name }\n    offer { distanceKm expiresAt advisor { id name } }\n    assignedAdvisor { id name }\n  }\n": types.OfficerAlertFieldsFragmentDoc,
    "\n  fragment OfficerAdvisorFields on Advisor {\n    id\n    name\n    kind\n    availability\n    capacity\n    activeAlerts\n    consulate { id name }\n  }\n": types.OfficerAdvisorFieldsFragmentDoc,
    "\n  subscription OfficerNearbyAlerts($radiusKm: Float!) {\n    nearbyAlerts(radiusKm: $radiusKm) {\n      cursor\n      type\n      at\n      alert { ...OfficerAlertFields }\n    }\n  }\n": types.OfficerNearbyAlertsDocument,
    "\n  mutation OfficerReportLocation($location: LocationInput!) {\n    reportAdvisorLocation(location: $location) { ...OfficerAdvisorFields }\n  }\n": types.OfficerReportLocationDocument,
    "\n  mutation OfficerSetAvailability($availability: Availability!) {\n    setAvailability(availability: $availability) { ...OfficerAdvisorFields }\n  }\n": types.OfficerSetAvailabilityDocument,
    "\n  mutation OfficerClaimAlert($id: ID!) {\n    claimAlert(id: $id) { ...OfficerAlertFields }\n  }\n": types.OfficerClaimAlertDocument,
    "\n  mutation OfficerDeclineOffer($id: ID!) {\n    declineOffer(id: $id) { ...OfficerAlertFields }\n  }\n": types.OfficerDeclineOfferDocument,
    "\n  mutation OfficerUpdateAlertStatus($id: ID!, $status: FieldStatus!) {\n    updateAlertStatus(id: $id, status: $status) { ...OfficerAlertFields }\n  }\n": types.OfficerUpdateAlertStatusDocument,
    "\n  mutation OfficerResolveAlert($disposition: Disposition!, $id: ID!, $note: String) {\n    resolveAlert(id: $id, disposition: $disposition, note: $note) { ...OfficerAlertFields }\n  }\n": types.OfficerResolveAlertDocument,
    "\n  query OfficerAlert($id: ID!) {\n    alert(id: $id) { ...OfficerAlertFields }\n  }\n": types.OfficerAlertDocument,
    "\n  query OfficerStart {\n    myAdvisor { ...OfficerAdvisorFields }\n    myAlerts { ...OfficerAlertFields }\n  }\n": types.OfficerStartDocument,
    "\n  mutation PersonRegister($input: RegisterPersonInput!) {\n    registerPerson(input: $input) {\n      token\n      person { id displayName preferredLanguage }\n    }\n  }\n": types.PersonRegisterDocument,
    "\n  query PersonMe {\n    me { id displayName preferredLanguage trustedContacts { name phone } }\n  }\n": types.PersonMeDocument,
    "\n  mutation PersonUpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { id displayName preferredLanguage trustedContacts { name phone } }\n  }\n": types.PersonUpdateProfileDocument,
    "\n  mutation PersonDeleteMyData {\n    deleteMyData\n  }\n": types.PersonDeleteMyDataDocument,
    "\n  query PersonCities {\n    consulates { id name city state isFallback location { lat lon } }\n  }\n": types.PersonCitiesDocument,
    "\n  mutation PersonRaiseAlert($input: RaiseAlertInput!) {\n    raiseAlert(input: $input) { id status createdAt consulate { id name } }\n  }\n": types.PersonRaiseAlertDocument,
    "\n  query PersonAlert($id: ID!, $language: String) {\n    alert(id: $id) {\n      id\n      status\n      events { cursor type at summary(language: $language) }\n    }\n  }\n": types.PersonAlertDocument,
    "\n  subscription PersonAlertUpdates($after: String, $alertId: ID!, $language: String) {\n    alertUpdates(alertId: $alertId, after: $after) {\n      cursor\n      type\n      at\n      summary(language: $language)\n      alert { id status }\n    }\n  }\n": types.PersonAlertUpdatesDocument,
    "\n  mutation PersonCancelAlert($id: ID!, $pin: String) {\n    cancelAlert(id: $id, pin: $pin) { id status }\n  }\n": types.PersonCancelAlertDocument,
    "\n  mutation PersonUpdateAlertLocation($id: ID!, $location: LocationInput!, $recordedAt: DateTime) {\n    updateAlertLocation(id: $id, location: $location, recordedAt: $recordedAt) { id status }\n  }\n": types.PersonUpdateAlertLocationDocument,
    "\n  mutation PersonSmsLinkCode {\n    smsLinkCode { code expiresAt number }\n  }\n": types.PersonSmsLinkCodeDocument,
    "\n  query PersonSmsLinked {\n    me { id smsLinked }\n  }\n": types.PersonSmsLinkedDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDistrictEvidence($consulateId: ID!) {\n    district(consulateId: $consulateId) {\n      countyCount\n      provenance { sourced recalled inferred corrected }\n      evidence { strong medium weak ungraded uncertain }\n      counties { fips name state provenance evidenceStrength uncertain }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleDistrictEvidence($consulateId: ID!) {\n    district(consulateId: $consulateId) {\n      countyCount\n      provenance { sourced recalled inferred corrected }\n      evidence { strong medium weak ungraded uncertain }\n      counties { fips name state provenance evidenceStrength uncertain }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleAlertFields on Alert {\n    id\n    shortCode\n    status\n    kind\n    createdAt\n    duress\n    offerCount\n    location { lat lon precise }\n    consulate { id name }\n    jurisdictionMatch { method distanceKm }\n    offer { distanceKm expiresAt advisor { id name } }\n    assignedAdvisor { id name }\n  }\n"): (typeof documents)["\n  fragment ConsoleAlertFields on Alert {\n    id\n    shortCode\n    status\n    kind\n    createdAt\n    duress\n    offerCount\n    location { lat lon precise }\n    consulate { id name }\n    jurisdictionMatch { method distanceKm }\n    offer { distanceKm expiresAt advisor { id name } }\n    assignedAdvisor { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleAlertEvents($after: String) {\n    alertEvents(after: $after) {\n      cursor\n      type\n      at\n      alert { ...ConsoleAlertFields }\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleAlertEvents($after: String) {\n    alertEvents(after: $after) {\n      cursor\n      type\n      at\n      alert { ...ConsoleAlertFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEventsCursor {\n    eventsCursor\n  }\n"): (typeof documents)["\n  query ConsoleEventsCursor {\n    eventsCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOpenAlerts($first: Int = 5000, $consistentWith: String) {\n    alerts(openOnly: true, first: $first, consistentWith: $consistentWith) { ...ConsoleAlertFields }\n  }\n"): (typeof documents)["\n  query ConsoleOpenAlerts($first: Int = 5000, $consistentWith: String) {\n    alerts(openOnly: true, first: $first, consistentWith: $consistentWith) { ...ConsoleAlertFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAlertDetail($id: ID!) {\n    alert(id: $id) {\n      id\n      disposition\n      resolutionNote\n      personLanguage\n      personNote\n      flags\n      location { accuracyM }\n      smsDelivery { contactsNotified contactsTotal failures }\n      events { cursor type at actorRole note fromStatus toStatus }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAlertDetail($id: ID!) {\n    alert(id: $id) {\n      id\n      disposition\n      resolutionNote\n      personLanguage\n      personNote\n      flags\n      location { accuracyM }\n      smsDelivery { contactsNotified contactsTotal failures }\n      events { cursor type at actorRole note fromStatus toStatus }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAlertTrack($id: ID!) {\n    alert(id: $id) {\n      id\n      track(last: 200) { lat lon recordedAt }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAlertTrack($id: ID!) {\n    alert(id: $id) {\n      id\n      track(last: 200) { lat lon recordedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAdvisorPins($consulateId: ID) {\n    advisors(consulateId: $consulateId) {\n      id\n      name\n      active\n      availability\n      location { lat lon }\n      locationAt\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAdvisorPins($consulateId: ID) {\n    advisors(consulateId: $consulateId) {\n      id\n      name\n      active\n      availability\n      location { lat lon }\n      locationAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleAdvisorPositions($consulateId: ID) {\n    advisorPositions(consulateId: $consulateId) {\n      advisor { id name }\n      availability\n      active\n      location { lat lon }\n      locationAt\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleAdvisorPositions($consulateId: ID) {\n    advisorPositions(consulateId: $consulateId) {\n      advisor { id name }\n      availability\n      active\n      location { lat lon }\n      locationAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDispatchStats($consulateId: ID) {\n    dispatchStats(consulateId: $consulateId, windowHours: 24) {\n      clocks { clock count medianS p90S }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleDispatchStats($consulateId: ID) {\n    dispatchStats(consulateId: $consulateId, windowHours: 24) {\n      clocks { clock count medianS p90S }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleConsulates {\n    consulates { id name isFallback location { lat lon } }\n  }\n"): (typeof documents)["\n  query ConsoleConsulates {\n    consulates { id name isFallback location { lat lon } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAdvisors($consulateId: ID) {\n    advisors(consulateId: $consulateId) {\n      id\n      name\n      kind\n      active\n      availability\n      capacity\n      activeAlerts\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAdvisors($consulateId: ID) {\n    advisors(consulateId: $consulateId) {\n      id\n      name\n      kind\n      active\n      availability\n      capacity\n      activeAlerts\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleAssignAlert($id: ID!, $advisorId: ID!) {\n    assignAlert(id: $id, advisorId: $advisorId) { id status }\n  }\n"): (typeof documents)["\n  mutation ConsoleAssignAlert($id: ID!, $advisorId: ID!) {\n    assignAlert(id: $id, advisorId: $advisorId) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReassignAlert($id: ID!, $advisorId: ID!) {\n    reassignAlert(id: $id, advisorId: $advisorId) { id status }\n  }\n"): (typeof documents)["\n  mutation ConsoleReassignAlert($id: ID!, $advisorId: ID!) {\n    reassignAlert(id: $id, advisorId: $advisorId) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleEscalateAlert($id: ID!, $note: String) {\n    escalateAlert(id: $id, note: $note) { id status }\n  }\n"): (typeof documents)["\n  mutation ConsoleEscalateAlert($id: ID!, $note: String) {\n    escalateAlert(id: $id, note: $note) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleResolveAlert($id: ID!, $disposition: Disposition!, $note: String) {\n    resolveAlert(id: $id, disposition: $disposition, note: $note) { id status disposition }\n  }\n"): (typeof documents)["\n  mutation ConsoleResolveAlert($id: ID!, $disposition: Disposition!, $note: String) {\n    resolveAlert(id: $id, disposition: $disposition, note: $note) { id status disposition }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAlertSmsDelivery($id: ID!) {\n    alert(id: $id) {\n      id\n      smsDelivery { contactsNotified contactsTotal failures }\n    }\n  }\n"): (typeof documents)["\n  query ConsoleAlertSmsDelivery($id: ID!) {\n    alert(id: $id) {\n      id\n      smsDelivery { contactsNotified contactsTotal failures }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleIncidentFields on Incident {\n    id\n    status\n    severity\n    alertCount\n    openAlertCount\n    hull\n    center { lat lon }\n    startedAt\n    updatedAt\n    consulate { id name }\n    alerts { id }\n    lead { id name }\n    team { id name }\n  }\n"): (typeof documents)["\n  fragment ConsoleIncidentFields on Incident {\n    id\n    status\n    severity\n    alertCount\n    openAlertCount\n    hull\n    center { lat lon }\n    startedAt\n    updatedAt\n    consulate { id name }\n    alerts { id }\n    lead { id name }\n    team { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleIncidents($consulateId: ID) {\n    incidents(consulateId: $consulateId) { ...ConsoleIncidentFields }\n  }\n"): (typeof documents)["\n  query ConsoleIncidents($consulateId: ID) {\n    incidents(consulateId: $consulateId) { ...ConsoleIncidentFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleIncidentEventsCursor {\n    incidentEventsCursor\n  }\n"): (typeof documents)["\n  query ConsoleIncidentEventsCursor {\n    incidentEventsCursor\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleIncidentEvents($consulateId: ID!, $after: String) {\n    incidentEvents(consulateId: $consulateId, after: $after) {\n      cursor\n      type\n      at\n      incident { ...ConsoleIncidentFields }\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleIncidentEvents($consulateId: ID!, $after: String) {\n    incidentEvents(consulateId: $consulateId, after: $after) {\n      cursor\n      type\n      at\n      incident { ...ConsoleIncidentFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleAllIncidentEvents($after: String) {\n    incidentEvents(after: $after) {\n      cursor\n      type\n      at\n      incident { ...ConsoleIncidentFields }\n    }\n  }\n"): (typeof documents)["\n  subscription ConsoleAllIncidentEvents($after: String) {\n    incidentEvents(after: $after) {\n      cursor\n      type\n      at\n      incident { ...ConsoleIncidentFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleConfirmIncident($id: ID!) {\n    confirmIncident(id: $id) { ...ConsoleIncidentFields }\n  }\n"): (typeof documents)["\n  mutation ConsoleConfirmIncident($id: ID!) {\n    confirmIncident(id: $id) { ...ConsoleIncidentFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDismissIncident($id: ID!, $reason: String) {\n    dismissIncident(id: $id, reason: $reason) { ...ConsoleIncidentFields }\n  }\n"): (typeof documents)["\n  mutation ConsoleDismissIncident($id: ID!, $reason: String) {\n    dismissIncident(id: $id, reason: $reason) { ...ConsoleIncidentFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSetIncidentTeam($id: ID!, $advisorIds: [ID!]!) {\n    setIncidentTeam(id: $id, advisorIds: $advisorIds) { ...ConsoleIncidentFields }\n  }\n"): (typeof documents)["\n  mutation ConsoleSetIncidentTeam($id: ID!, $advisorIds: [ID!]!) {\n    setIncidentTeam(id: $id, advisorIds: $advisorIds) { ...ConsoleIncidentFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsolePostIncidentStatus($id: ID!, $notice: IncidentNotice!) {\n    postIncidentStatus(id: $id, notice: $notice) { ...ConsoleIncidentFields }\n  }\n"): (typeof documents)["\n  mutation ConsolePostIncidentStatus($id: ID!, $notice: IncidentNotice!) {\n    postIncidentStatus(id: $id, notice: $notice) { ...ConsoleIncidentFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OfficerAlertFields on Alert {\n    id\n    shortCode\n    status\n    kind\n    createdAt\n    duress\n    personLanguage\n    location { lat lon accuracyM precise }\n    consulate { id name }\n    offer { distanceKm expiresAt advisor { id name } }\n    assignedAdvisor { id name }\n  }\n"): (typeof documents)["\n  fragment OfficerAlertFields on Alert {\n    id\n    shortCode\n    status\n    kind\n    createdAt\n    duress\n    personLanguage\n    location { lat lon accuracyM precise }\n    consulate { id name }\n    offer { distanceKm expiresAt advisor { id name } }\n    assignedAdvisor { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment OfficerAdvisorFields on Advisor {\n    id\n    name\n    kind\n    availability\n    capacity\n    activeAlerts\n    consulate { id name }\n  }\n"): (typeof documents)["\n  fragment OfficerAdvisorFields on Advisor {\n    id\n    name\n    kind\n    availability\n    capacity\n    activeAlerts\n    consulate { id name }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OfficerNearbyAlerts($radiusKm: Float!) {\n    nearbyAlerts(radiusKm: $radiusKm) {\n      cursor\n      type\n      at\n      alert { ...OfficerAlertFields }\n    }\n  }\n"): (typeof documents)["\n  subscription OfficerNearbyAlerts($radiusKm: Float!) {\n    nearbyAlerts(radiusKm: $radiusKm) {\n      cursor\n      type\n      at\n      alert { ...OfficerAlertFields }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfficerReportLocation($location: LocationInput!) {\n    reportAdvisorLocation(location: $location) { ...OfficerAdvisorFields }\n  }\n"): (typeof documents)["\n  mutation OfficerReportLocation($location: LocationInput!) {\n    reportAdvisorLocation(location: $location) { ...OfficerAdvisorFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfficerSetAvailability($availability: Availability!) {\n    setAvailability(availability: $availability) { ...OfficerAdvisorFields }\n  }\n"): (typeof documents)["\n  mutation OfficerSetAvailability($availability: Availability!) {\n    setAvailability(availability: $availability) { ...OfficerAdvisorFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfficerClaimAlert($id: ID!) {\n    claimAlert(id: $id) { ...OfficerAlertFields }\n  }\n"): (typeof documents)["\n  mutation OfficerClaimAlert($id: ID!) {\n    claimAlert(id: $id) { ...OfficerAlertFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfficerDeclineOffer($id: ID!) {\n    declineOffer(id: $id) { ...OfficerAlertFields }\n  }\n"): (typeof documents)["\n  mutation OfficerDeclineOffer($id: ID!) {\n    declineOffer(id: $id) { ...OfficerAlertFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfficerUpdateAlertStatus($id: ID!, $status: FieldStatus!) {\n    updateAlertStatus(id: $id, status: $status) { ...OfficerAlertFields }\n  }\n"): (typeof documents)["\n  mutation OfficerUpdateAlertStatus($id: ID!, $status: FieldStatus!) {\n    updateAlertStatus(id: $id, status: $status) { ...OfficerAlertFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OfficerResolveAlert($disposition: Disposition!, $id: ID!, $note: String) {\n    resolveAlert(id: $id, disposition: $disposition, note: $note) { ...OfficerAlertFields }\n  }\n"): (typeof documents)["\n  mutation OfficerResolveAlert($disposition: Disposition!, $id: ID!, $note: String) {\n    resolveAlert(id: $id, disposition: $disposition, note: $note) { ...OfficerAlertFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OfficerAlert($id: ID!) {\n    alert(id: $id) { ...OfficerAlertFields }\n  }\n"): (typeof documents)["\n  query OfficerAlert($id: ID!) {\n    alert(id: $id) { ...OfficerAlertFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OfficerStart {\n    myAdvisor { ...OfficerAdvisorFields }\n    myAlerts { ...OfficerAlertFields }\n  }\n"): (typeof documents)["\n  query OfficerStart {\n    myAdvisor { ...OfficerAdvisorFields }\n    myAlerts { ...OfficerAlertFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PersonRegister($input: RegisterPersonInput!) {\n    registerPerson(input: $input) {\n      token\n      person { id displayName preferredLanguage }\n    }\n  }\n"): (typeof documents)["\n  mutation PersonRegister($input: RegisterPersonInput!) {\n    registerPerson(input: $input) {\n      token\n      person { id displayName preferredLanguage }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonMe {\n    me { id displayName preferredLanguage trustedContacts { name phone } }\n  }\n"): (typeof documents)["\n  query PersonMe {\n    me { id displayName preferredLanguage trustedContacts { name phone } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PersonUpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { id displayName preferredLanguage trustedContacts { name phone } }\n  }\n"): (typeof documents)["\n  mutation PersonUpdateProfile($input: UpdateProfileInput!) {\n    updateProfile(input: $input) { id displayName preferredLanguage trustedContacts { name phone } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PersonDeleteMyData {\n    deleteMyData\n  }\n"): (typeof documents)["\n  mutation PersonDeleteMyData {\n    deleteMyData\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonCities {\n    consulates { id name city state isFallback location { lat lon } }\n  }\n"): (typeof documents)["\n  query PersonCities {\n    consulates { id name city state isFallback location { lat lon } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PersonRaiseAlert($input: RaiseAlertInput!) {\n    raiseAlert(input: $input) { id status createdAt consulate { id name } }\n  }\n"): (typeof documents)["\n  mutation PersonRaiseAlert($input: RaiseAlertInput!) {\n    raiseAlert(input: $input) { id status createdAt consulate { id name } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonAlert($id: ID!, $language: String) {\n    alert(id: $id) {\n      id\n      status\n      events { cursor type at summary(language: $language) }\n    }\n  }\n"): (typeof documents)["\n  query PersonAlert($id: ID!, $language: String) {\n    alert(id: $id) {\n      id\n      status\n      events { cursor type at summary(language: $language) }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PersonAlertUpdates($after: String, $alertId: ID!, $language: String) {\n    alertUpdates(alertId: $alertId, after: $after) {\n      cursor\n      type\n      at\n      summary(language: $language)\n      alert { id status }\n    }\n  }\n"): (typeof documents)["\n  subscription PersonAlertUpdates($after: String, $alertId: ID!, $language: String) {\n    alertUpdates(alertId: $alertId, after: $after) {\n      cursor\n      type\n      at\n      summary(language: $language)\n      alert { id status }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PersonCancelAlert($id: ID!, $pin: String) {\n    cancelAlert(id: $id, pin: $pin) { id status }\n  }\n"): (typeof documents)["\n  mutation PersonCancelAlert($id: ID!, $pin: String) {\n    cancelAlert(id: $id, pin: $pin) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PersonUpdateAlertLocation($id: ID!, $location: LocationInput!, $recordedAt: DateTime) {\n    updateAlertLocation(id: $id, location: $location, recordedAt: $recordedAt) { id status }\n  }\n"): (typeof documents)["\n  mutation PersonUpdateAlertLocation($id: ID!, $location: LocationInput!, $recordedAt: DateTime) {\n    updateAlertLocation(id: $id, location: $location, recordedAt: $recordedAt) { id status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PersonSmsLinkCode {\n    smsLinkCode { code expiresAt number }\n  }\n"): (typeof documents)["\n  mutation PersonSmsLinkCode {\n    smsLinkCode { code expiresAt number }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PersonSmsLinked {\n    me { id smsLinked }\n  }\n"): (typeof documents)["\n  query PersonSmsLinked {\n    me { id smsLinked }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;