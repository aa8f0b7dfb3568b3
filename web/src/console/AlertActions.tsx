import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useI18n } from '../i18n/I18n';
import type { AlertStatus, Disposition } from '../gql/graphql';
import { AdvisorsQuery, AssignAlertMutation, EscalateAlertMutation, ReassignAlertMutation, ResolveAlertMutation } from './documents';
import { errorCode, errorMessage } from '../graphql/errors';
import type { AlertSnapshot } from './fold';
import { useRefetchOn } from './refetch';

/** From schema/dispatch.graphql (enum Disposition), in the order the select offers them. */
export const DISPOSITIONS: readonly Disposition[] = [
  'DETAINED_BY_ICE', 'DETAINED_BY_LOCAL_POLICE', 'NOT_ENFORCEMENT', 'RELEASED_ON_SITE', 'TRANSFERRED',
  'LEGAL_REPRESENTATION_PROVIDED', 'FALSE_ALARM', 'LOST_CONTACT', 'DUPLICATE', 'REFERRED_TO_CONSULATE', 'OTHER',
];
/** An advisor can be assigned from these; with someone already on it, it is a reassignment. */
const UNASSIGNED: readonly AlertStatus[] = ['RAISED', 'OFFERED', 'ESCALATED'];

type Action = 'assign' | 'escalate' | 'resolve';
type Outcome = { action: Action; error: CombinedError | null } | null;

/** Assign (or reassign), escalate and resolve one open alert, showing the server's error code on failure. */
export function AlertActions({ alert, version }: { alert: AlertSnapshot; version: string }) {
  const { t } = useI18n();
  const [advisors, refetchAdvisors] = useQuery({
    query: AdvisorsQuery,
    variables: { consulateId: alert.consulate.id },
    requestPolicy: 'network-only',
  });
  useRefetchOn(version, () => refetchAdvisors({ requestPolicy: 'network-only' }));
  const [, assign] = useMutation(AssignAlertMutation);
  const [, reassign] = useMutation(ReassignAlertMutation);
  const [, escalate] = useMutation(EscalateAlertMutation);
  const [, resolve] = useMutation(ResolveAlertMutation);

  const [advisorId, setAdvisorId] = useState('');
  const [disposition, setDisposition] = useState<Disposition | ''>('');
  const [note, setNote] = useState('');
  const [pending, setPending] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const isReassign = !UNASSIGNED.includes(alert.status);
  const roster = (advisors.data?.advisors ?? []).filter((a) => a.active);
  const noteOrNull = note.trim() === '' ? null : note.trim();

  async function run(action: Action, send: () => Promise<{ error?: CombinedError }>) {
    setPending(action);
    setOutcome(null);
    const r = await send();
    setPending(null);
    setOutcome({ action, error: r.error ?? null });
    if (r.error) return;
    if (action === 'assign') setAdvisorId('');
    if (action !== 'assign') setNote('');
    if (action === 'resolve') setDisposition('');
  }

  const onAssign = (e: FormEvent) => {
    e.preventDefault();
    if (!advisorId) return;
    const vars = { id: alert.id, advisorId };
    void run('assign', () => (isReassign ? reassign(vars) : assign(vars)));
  };
  const onResolve = (e: FormEvent) => {
    e.preventDefault();
    if (!disposition) return;
    void run('resolve', () => resolve({ id: alert.id, disposition, note: noteOrNull }));
  };
  const onEscalate = () => void run('escalate', () => escalate({ id: alert.id, note: noteOrNull }));

  return (
    <section className="actions" aria-labelledby="actions-heading">
      <h3 id="actions-heading">{t.actions.heading}</h3>

      <form className="action-row" onSubmit={onAssign}>
        <label htmlFor="assign-select">{t.actions.advisor}</label>
        <select id="assign-select" data-testid="assign-select" value={advisorId} onChange={(e) => setAdvisorId(e.target.value)} disabled={pending !== null}>
          <option value="">{advisors.fetching && !advisors.data ? t.actions.advisorsLoading : roster.length === 0 ? t.actions.noAdvisors : t.actions.chooseAdvisor}</option>
          {roster.map((a) => (
            <option key={a.id} value={a.id} disabled={a.id === alert.assignedAdvisor?.id || a.activeAlerts >= a.capacity}>
              {t.actions.advisorOption(a.name, t.availability[a.availability], a.activeAlerts, a.capacity)}
            </option>
          ))}
        </select>
        <button type="submit" data-testid="assign-button" disabled={!advisorId || pending !== null}>
          {isReassign ? t.actions.reassign : t.actions.assign}
        </button>
      </form>

      <label className="note-label" htmlFor="action-note">{t.actions.note}</label>
      <textarea id="action-note" data-testid="action-note" value={note} maxLength={2000} rows={2} onChange={(e) => setNote(e.target.value)} disabled={pending !== null} />

      <form className="action-row" onSubmit={onResolve}>
        <label htmlFor="disposition-select">{t.actions.disposition}</label>
        <select
          id="disposition-select"
          data-testid="disposition-select"
          value={disposition}
          onChange={(e) => setDisposition(e.target.value as Disposition | '')}
          disabled={pending !== null}
        >
          <option value="">{t.actions.chooseDisposition}</option>
          {DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {t.disposition[d]}
            </option>
          ))}
        </select>
        <button type="submit" data-testid="resolve-button" disabled={!disposition || pending !== null}>
          {t.actions.resolve}
        </button>
      </form>

      <div className="action-row">
        <button type="button" data-testid="escalate-button" onClick={onEscalate} disabled={alert.status === 'ESCALATED' || pending !== null}>
          {t.actions.escalate}
        </button>
        {pending ? <span className="muted" aria-live="polite">{t.actions.sending}</span> : null}
      </div>

      {outcome?.error ? (
        <p className="action-error" data-testid="action-error" data-code={errorCode(outcome.error)} role="alert">
          <strong>{t.actions.error(errorCode(outcome.error), t.errors[errorCode(outcome.error)] ?? t.errors.UNKNOWN ?? '')}</strong>
          <br />
          <small>{errorMessage(outcome.error)}</small>
        </p>
      ) : outcome ? (
        <p className="action-done" data-testid="action-done" role="status">
          {t.actions.done[outcome.action]}
        </p>
      ) : null}
    </section>
  );
}
