import { useI18n } from '../i18n/I18n';
import type { DevConsulate } from './devApi';

/** The consulate choice both development sign-in panels start with. */
export function DevConsulatePicker({ consulates, value, onChange }: { consulates: DevConsulate[]; value: string; onChange(id: string): void }) {
  const { t } = useI18n();
  return (
    <>
      <label htmlFor="dev-consulate">{t.signIn.devConsulate}</label>
      <select id="dev-consulate" data-testid="dev-consulate" value={value} onChange={(e) => onChange(e.target.value)}>
        {consulates.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </>
  );
}
