import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../field/storage';
import { personStore } from './store';

describe('personStore', () => {
  it('remembers the person, the open alert with its cursor, and a pending raise', () => {
    const mem = memoryStorage();
    const s = personStore(mem);
    expect(s.person()).toBeNull();
    s.setPerson({ token: 'jwt', language: 'mix' });
    s.setOpenAlert({ id: 'a-1', cursor: null });
    s.setCursor('a-1', '42');
    s.setCursor('other', '99');
    s.setPending({ idempotencyKey: 'k-1', location: { lat: 34.05, lon: -118.25, accuracyM: 12 }, at: 1 });

    const again = personStore(mem); // a reload
    expect(again.person()).toEqual({ token: 'jwt', language: 'mix' });
    expect(again.openAlert()).toEqual({ id: 'a-1', cursor: '42' });
    expect(again.pending()?.idempotencyKey).toBe('k-1');

    again.setOpenAlert(null);
    expect(again.openAlert()).toBeNull();
    again.clear();
    expect(mem.dump()).toEqual({});
  });

  it('ignores damaged or foreign values instead of failing', () => {
    const mem = memoryStorage();
    mem.setItem('alerta.person', '{not json');
    mem.setItem('alerta.person.alert', JSON.stringify({ id: 5 }));
    mem.setItem('alerta.person.pending', JSON.stringify({ idempotencyKey: 'k' }));
    const s = personStore(mem);
    expect(s.person()).toBeNull();
    expect(s.openAlert()).toBeNull();
    expect(s.pending()).toBeNull();
    expect(personStore(null).person()).toBeNull();
  });

  it('remembers the city picked without GPS across a reload, refuses a damaged one, forgets it with the rest', () => {
    const mem = memoryStorage();
    personStore(mem).setCity({ id: 'losangeles', label: 'Los Angeles, CA', lat: 34.05, lon: -118.24 });
    expect(personStore(mem).city()).toEqual({ id: 'losangeles', label: 'Los Angeles, CA', lat: 34.05, lon: -118.24 });
    mem.setItem('alerta.person.city', JSON.stringify({ id: 'x', label: 'X', lat: 'north', lon: 0 }));
    expect(personStore(mem).city()).toBeNull();
    personStore(mem).setCity({ id: 'dallas', label: 'Dallas, TX', lat: 32.78, lon: -96.8 });
    personStore(mem).clear();
    expect(mem.dump()).toEqual({});
  });
});
