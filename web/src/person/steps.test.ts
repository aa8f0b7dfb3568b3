import { describe, expect, it } from 'vitest';
import { emptySteps, foldStep, isClosedStatus, loadSteps, type StepEvent } from './steps';

const ev = (cursor: string, type: string, summary: string | null, status?: StepEvent['alert']): StepEvent => ({ cursor, type, at: '2026-11-28T03:00:00.000Z', summary, alert: status });

describe('foldStep', () => {
  it('shows worded steps in order and moves the cursor on every event', () => {
    let s = foldStep(emptySteps, ev('10', 'RAISED', 'Alerta recibida por Los Ángeles', { status: 'RAISED' }));
    s = foldStep(s, ev('11', 'LOCATION_UPDATED', null, { status: 'RAISED' }));
    s = foldStep(s, ev('12', 'ACKNOWLEDGED', 'Asesor asignado: Ana', { status: 'ACKNOWLEDGED' }));
    expect(s.steps.map((x) => x.summary)).toEqual(['Alerta recibida por Los Ángeles', 'Asesor asignado: Ana']);
    expect(s.cursor).toBe('12');
    expect(s.status).toBe('ACKNOWLEDGED');
  });

  it('does not repeat a step replayed after a reconnect', () => {
    const e = ev('10', 'RAISED', 'Alerta recibida', { status: 'RAISED' });
    const s = foldStep(emptySteps, e);
    expect(foldStep(s, e)).toBe(s);
  });

  it('a cancel is final, and reads the same whatever PIN was used', () => {
    let s = foldStep(emptySteps, ev('10', 'RAISED', 'Alerta recibida', { status: 'RAISED' }));
    s = foldStep(s, ev('14', 'CANCELLED', 'Alerta cancelada', { status: 'CANCELLED' }));
    s = foldStep(s, ev('15', 'OFFERED', 'Buscando un asesor cercano', { status: 'OFFERED' }));
    expect(s.status).toBe('CANCELLED');
    expect(isClosedStatus(s.status)).toBe(true);
  });

  it('without an alert snapshot, takes a closing status from the step type', () => {
    expect(foldStep(emptySteps, ev('3', 'RESOLVED', 'Caso cerrado')).status).toBe('RESOLVED');
    expect(foldStep(emptySteps, ev('3', 'OFFERED', 'Buscando')).status).toBeNull();
  });
});

describe('loadSteps', () => {
  it('builds the screen from the timeline read at start and keeps the alert status', () => {
    const s = loadSteps('OFFERED', [ev('1', 'RAISED', 'Alerta recibida'), ev('2', 'OFFERED', 'Buscando un asesor cercano'), ev('3', 'OFFER_EXPIRED', null)]);
    expect(s.steps).toHaveLength(2);
    expect(s.cursor).toBe('3');
    expect(s.status).toBe('OFFERED');
    expect(isClosedStatus(s.status)).toBe(false);
  });
});
