import { graphql } from '../gql';

/**
 * Everything the console needs to draw an alert comes with each event, so the list and the map are a
 * pure fold over the stream: no follow-up queries, and a replay after a reconnect rebuilds the same state.
 */
export const AlertEventsSubscription = graphql(`
  subscription ConsoleAlertEvents($after: String) {
    alertEvents(after: $after) {
      cursor
      type
      at
      alert {
        id
        status
        kind
        createdAt
        location { lat lon precise }
        consulate { id name }
        jurisdictionMatch { method distanceKm }
        offer { distanceKm expiresAt advisor { id name } }
      }
    }
  }
`);
