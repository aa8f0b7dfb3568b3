import type { Client } from 'graphql-ws';

const STREAM = 'subscription($after: String) { alertEvents(after: $after) { cursor } }';

/**
 * A control-room screen's event stream as the console keeps it: every cursor received, in order; when the
 * stream ends with an error (the server answered SERVICE_UNAVAILABLE while its database failed over) it
 * opens again from the last cursor it holds, as the console does. `reopen()`: a reload, from that cursor.
 */
export function resumingScreen(client: Client, startCursor: string) {
  const cursors: string[] = [];
  const errorCodes: string[] = [];
  let generation = 0;
  let stopped = false;
  let unsubscribe = () => {};
  const open = () => {
    const mine = ++generation;
    const again = () => mine === generation && !stopped && setTimeout(() => mine === generation && !stopped && open(), 300);
    unsubscribe = client.subscribe<{ alertEvents: { cursor: string } }>(
      { query: STREAM, variables: { after: cursors.at(-1) ?? startCursor } },
      {
        next: (v) => {
          if (mine !== generation) return;
          if (v.errors) errorCodes.push(...v.errors.map((e) => String(e.extensions?.code)));
          else cursors.push(v.data!.alertEvents.cursor);
        },
        error: (e) => {
          const list = Array.isArray(e) ? (e as Array<{ extensions?: { code?: string } }>) : [{ extensions: { code: String((e as Error)?.message ?? e) } }];
          errorCodes.push(...list.map((x) => String(x.extensions?.code)));
          again();
        },
        complete: () => again(),
      },
    );
  };
  open();
  return {
    cursors,
    errorCodes,
    reopen() {
      generation++;
      unsubscribe();
      open();
    },
    stop() {
      stopped = true;
      unsubscribe();
      void client.dispose();
    },
  };
}
