import { graphql } from '../gql';

/*
 * Every operation of the person's screen. The server runs only safelisted operations for PERSON
 * tokens in production (web/src/gql/persisted-documents.json, written by codegen from these).
 * Variables are declared in alphabetical order: codegen writes them sorted into the manifest, and
 * the server's comparison keeps their order (documents.test.ts checks what urql sends is accepted).
 */

export const RegisterPersonMutation = graphql(`
  mutation PersonRegister($input: RegisterPersonInput!) {
    registerPerson(input: $input) {
      token
      person { id displayName preferredLanguage }
    }
  }
`);

export const MeQuery = graphql(`
  query PersonMe {
    me { id displayName preferredLanguage trustedContacts { name phone } }
  }
`);

export const UpdateProfileMutation = graphql(`
  mutation PersonUpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) { id displayName preferredLanguage trustedContacts { name phone } }
  }
`);

export const DeleteMyDataMutation = graphql(`
  mutation PersonDeleteMyData {
    deleteMyData
  }
`);

/** For an alert without GPS: the person names the city they are near (public data). */
export const PersonCitiesQuery = graphql(`
  query PersonCities {
    consulates { id name city state isFallback location { lat lon } }
  }
`);

export const RaiseAlertMutation = graphql(`
  mutation PersonRaiseAlert($input: RaiseAlertInput!) {
    raiseAlert(input: $input) { id status createdAt consulate { id name } }
  }
`);

/** The alert and its timeline as the person sees them (a duress cancel reads as an ordinary cancel). */
export const PersonAlertQuery = graphql(`
  query PersonAlert($id: ID!, $language: String) {
    alert(id: $id) {
      id
      status
      events { cursor type at summary(language: $language) }
    }
  }
`);

export const AlertUpdatesSubscription = graphql(`
  subscription PersonAlertUpdates($after: String, $alertId: ID!, $language: String) {
    alertUpdates(alertId: $alertId, after: $after) {
      cursor
      type
      at
      summary(language: $language)
      alert { id status }
    }
  }
`);

export const CancelAlertMutation = graphql(`
  mutation PersonCancelAlert($id: ID!, $pin: String) {
    cancelAlert(id: $id, pin: $pin) { id status }
  }
`);

export const UpdateAlertLocationMutation = graphql(`
  mutation PersonUpdateAlertLocation($id: ID!, $location: LocationInput!, $recordedAt: DateTime) {
    updateAlertLocation(id: $id, location: $location, recordedAt: $recordedAt) { id status }
  }
`);

/** A one-time code to link the phone the person texts from (docs/SMS.md, "Who is texting"). */
export const SmsLinkCodeMutation = graphql(`
  mutation PersonSmsLinkCode {
    smsLinkCode { code expiresAt number }
  }
`);

/** Whether a phone is linked for SMS (its own document: the published PersonMe keeps its hash). */
export const SmsLinkedQuery = graphql(`
  query PersonSmsLinked {
    me { id smsLinked }
  }
`);
