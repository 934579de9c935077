/**
 * Request values read as Jackson's defaults read them into a Java DTO: an Integer or Long field
 * takes a JSON integer or a string of digits (`"469"`), a String field takes any scalar (`16484`
 * becomes `"16484"`, the unlock example's billNumber), arrays must be arrays. `null` is absent.
 * Jackson's defaults also read a fraction into an Integer by dropping its decimals
 * (ACCEPT_FLOAT_AS_INT) and an empty string as null. A value none of these take is {@link INVALID}.
 */
export const INVALID = Symbol('invalid');
type Read<T> = T | undefined | typeof INVALID;

export function asInt(value: unknown): Read<number> {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Math.abs(value) < 2 ** 53 ? Math.trunc(value) : INVALID;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value);
  return INVALID;
}

export function asString(value: unknown): Read<string> {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return INVALID;
}

export function asList<T>(value: unknown, item: (v: unknown) => Read<T>): Read<T[]> {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return INVALID;
  const items = value.map(item);
  return items.some((i) => i === undefined || i === INVALID) ? INVALID : (items as T[]);
}

/** Spring's String-to-Boolean conversion of a query parameter (true/false, on/off, yes/no, 1/0). */
export function queryBoolean(value: string | null): boolean | undefined | typeof INVALID {
  if (value === null) return undefined;
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (['true', 'on', 'yes', '1'].includes(v)) return true;
  if (['false', 'off', 'no', '0'].includes(v)) return false;
  return INVALID;
}
