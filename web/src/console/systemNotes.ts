import type { Messages } from '../i18n/es';

/** The flags a raise's note may carry after its match method (api/src/services/raiseAlert.ts). */
type RaiseFlag = keyof Messages['notes']['flags'];

/**
 * The server writes its own timeline notes as short English machine words ("claimed", "CONTAINED
 * RATE_LIMITED", "not taken after 3 offers", "losangeles -> sanbernardino"): the contract keeps them
 * stable, the screen words them. Null: not a note the server writes, so a person's own words, shown as
 * typed. `consulateName` turns an id into its name for hand-overs.
 */
export function systemNoteText(note: string, t: Messages, consulateName: (id: string) => string = (id) => id): string | null {
  const n = t.notes;
  const fixed = n.fixed[note];
  if (fixed) return fixed;
  const words = note.split(' ');
  if (Object.hasOwn(t.match, words[0]!) && words.slice(1).every((w) => Object.hasOwn(n.flags, w)))
    return [t.match[words[0] as keyof Messages['match']], ...words.slice(1).map((w) => n.flags[w as RaiseFlag])].join(' · ');
  const offers = /^not taken after (\d+) offers$/.exec(note);
  if (offers) return n.notTaken(Number(offers[1]));
  const now = /^advisor now (AVAILABLE|BUSY|OFF_DUTY)$/.exec(note);
  if (now) return n.advisorNow(t.availability[now[1] as keyof Messages['availability']]);
  const handover = /^([a-z0-9_-]+) -> ([a-z0-9_-]+)$/.exec(note);
  if (handover) return n.handedOver(consulateName(handover[1]!), consulateName(handover[2]!));
  return null;
}
