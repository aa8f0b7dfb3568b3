import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { useI18n } from '../../i18n/I18n';
import type { IncidentNotice } from '../../gql/graphql';
import { errorCode } from '../../graphql/errors';
import { AdvisorsQuery } from '../documents';
import { ConfirmIncidentMutation, DismissIncidentMutation, PostIncidentStatusMutation, SetIncidentTeamMutation } from './documents';
import type { IncidentSnapshot } from './fold';

const NOTICES: readonly IncidentNotice[] = ['CONSULATE_AWARE', 'ADVISOR_ON_THE_WAY', 'STAY_CALM_KNOW_YOUR_RIGHTS'];
type Action = 'confirm' | 'dismiss' | 'notice' | 'team';
type Outcome = { action: Action; error: CombinedError | null } | null;
type Answer = { error?: CombinedError; data?: Record<string, IncidentSnapshot | undefined> | null };

/** The bulk commands on an incident (raid-command's mutations), each answering the incident as it is now. */
export function IncidentActions({ incident: i, onChanged }: { incident: IncidentSnapshot; onChanged(s: IncidentSnapshot): void }) {
  const { t } = useI18n();
  const [, confirm] = useMutation(ConfirmIncidentMutation);
  const [, dismiss] = useMutation(DismissIncidentMutation);
  const [, post] = useMutation(PostIncidentStatusMutation);
  const [, setTeam] = useMutation(SetIncidentTeamMutation);
  const [roster] = useQuery({ query: AdvisorsQuery, variables: { consulateId: i.consulate.id }, requestPolicy: 'network-only' });
  const [pending, setPending] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [notice, setNotice] = useState<IncidentNotice>('CONSULATE_AWARE');
  const [reason, setReason] = useState('');
  const [team, setTeamIds] = useState<ReadonlySet<string> | null>(null);
  const chosen = team ?? new Set(i.team.map((m) => m.id));

  async function run(action: Action, send: () => Promise<Answer>) {
    setPending(action);
    setOutcome(null);
    const r = await send();
    setPending(null);
    setOutcome({ action, error: r.error ?? null });
    const snapshot = r.data ? Object.values(r.data)[0] : undefined;
    if (snapshot) onChanged(snapshot);
    if (!r.error && action === 'team') setTeamIds(null);
  }
  const submit = (action: Action, send: () => Promise<Answer>) => (e: FormEvent) => {
    e.preventDefault();
    void run(action, send);
  };
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (!next.delete(id)) next.add(id);
    setTeamIds(next);
  };
  const active = (roster.data?.advisors ?? []).filter((a) => a.active);

  return (
    <section className="incident-actions" data-testid="incident-actions">
      {i.status === 'DETECTED' ? (
        <button type="button" data-testid="incident-confirm" disabled={pending !== null} onClick={() => void run('confirm', () => confirm({ id: i.id }))}>
          {t.incidents.actions.confirm}
        </button>
      ) : null}
      <form onSubmit={submit('notice', () => post({ id: i.id, notice }))}>
        <label>
          {t.incidents.actions.notice}{' '}
          <select data-testid="incident-notice" value={notice} onChange={(e) => setNotice(e.target.value as IncidentNotice)}>
            {NOTICES.map((n) => (
              <option key={n} value={n}>{t.incidents.notice[n]}</option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="incident-post" disabled={pending !== null}>{t.incidents.actions.post}</button>
      </form>
      <details>
        <summary>{t.incidents.panel.editTeam}</summary>
        <form onSubmit={submit('team', () => setTeam({ id: i.id, advisorIds: [...chosen] }))}>
          <div className="incident-team-roster" data-testid="incident-team-roster">
            {active.length === 0 ? <p>{t.incidents.panel.noRoster}</p> : null}
            {active.map((a) => (
              <label key={a.id}>
                <input type="checkbox" data-advisor-id={a.id} checked={chosen.has(a.id)} onChange={() => toggle(a.id)} /> {a.name} ({t.availability[a.availability]})
              </label>
            ))}
          </div>
          <button type="submit" data-testid="incident-save-team" disabled={pending !== null}>{t.incidents.panel.saveTeam}</button>
        </form>
      </details>
      <form onSubmit={submit('dismiss', () => dismiss({ id: i.id, reason: reason.trim() || null }))}>
        <input type="text" placeholder={t.incidents.actions.dismissReason} aria-label={t.incidents.actions.dismissReason} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" data-testid="incident-dismiss" disabled={pending !== null}>{t.incidents.actions.dismiss}</button>
      </form>
      {outcome ? (
        <p role={outcome.error ? 'alert' : 'status'} data-testid="incident-outcome" data-action={outcome.action} data-ok={outcome.error ? 'false' : 'true'}>
          {outcome.error ? t.incidents.actions.failed(errorCode(outcome.error) ?? outcome.error.message)
            : outcome.action === 'notice' ? t.incidents.actions.posted : t.incidents.actions.done}
        </p>
      ) : null}
    </section>
  );
}
