const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
/** The short code operators read out on the phone: the first 8 characters of the alert id. */
export const shortCode = (id: string) => id.slice(0, 8);
