import { type Decimal, describe, parseDecimal } from './decimal.ts';

/**
 * Foundation's JSONDecoder and JSONEncoder as the service meets them. The decoder keeps a number's
 * text (swift-corelibs-foundation parses numbers lazily from it), so a `Decimal` field is exact; an
 * `Int` field takes `1.0` (the text is tried as an integer, then as a Double that must be whole) and
 * refuses `1.5`; a `String` field refuses a number and a `Bool` a string; unknown keys are ignored
 * and `null` is `nil` for an optional. Failures are `DecodingError`s, which Vapor answers as 400s.
 */
export type Json =
  | { readonly kind: 'number'; readonly text: string }
  | string
  | boolean
  | null
  | readonly Json[]
  | { readonly kind: 'object'; readonly fields: ReadonlyMap<string, Json> };

export class DecodingError extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const corrupted = () => new DecodingError("Data corrupted at path ''. The given data was not valid JSON.");

/** JSONSerialization-like parsing that keeps numbers as their text. */
export function parseJson(text: string): Json {
  let at = 0;
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] ?? '')) at += 1;
  };
  const value = (): Json => {
    space();
    const c = text[at];
    if (c === '{') {
      at += 1;
      const fields = new Map<string, Json>();
      space();
      if (text[at] === '}') {
        at += 1;
        return { kind: 'object', fields };
      }
      for (;;) {
        space();
        if (text[at] !== '"') throw corrupted();
        const key = string();
        space();
        if (text[at] !== ':') throw corrupted();
        at += 1;
        fields.set(key, value());
        space();
        if (text[at] === ',') at += 1;
        else if (text[at] === '}') {
          at += 1;
          return { kind: 'object', fields };
        } else throw corrupted();
      }
    }
    if (c === '[') {
      at += 1;
      const items: Json[] = [];
      space();
      if (text[at] === ']') {
        at += 1;
        return items;
      }
      for (;;) {
        items.push(value());
        space();
        if (text[at] === ',') at += 1;
        else if (text[at] === ']') {
          at += 1;
          return items;
        } else throw corrupted();
      }
    }
    if (c === '"') return string();
    for (const [word, meaning] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (text.startsWith(word, at)) {
        at += word.length;
        return meaning;
      }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!number) throw corrupted();
    at += number[0].length;
    return { kind: 'number', text: number[0] };
  };
  const string = (): string => {
    // The closing quote, past escapes; JSON.parse then refuses control characters and bad escapes.
    let end = at + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) throw corrupted();
    try {
      const parsed = JSON.parse(text.slice(at, end + 1)) as string;
      at = end + 1;
      return parsed;
    } catch {
      throw corrupted();
    }
  };
  const parsed = value();
  space();
  if (at !== text.length) throw corrupted();
  return parsed;
}

const typeOf = (value: Json): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'bool';
  return (value as { kind: string }).kind === 'number' ? 'a number' : 'a dictionary';
};

const mismatch = (type: string, key: string, found: Json) =>
  new DecodingError(
    `Value of type '${type}' required for key '${key}'. (Expected to decode ${type} but found ${typeOf(found)} instead.)`,
  );

/** A keyed container over a JSON object: `decodeIfPresent` for each optional field. */
export class Keyed {
  private constructor(private readonly fields: ReadonlyMap<string, Json>) {}

  static of(root: Json): Keyed {
    if (!isObject(root))
      throw new DecodingError(
        `Value of type 'Dictionary<String, Any>' required for key ''. (Expected to decode Dictionary<String, Any> but found ${typeOf(root)} instead.)`,
      );
    return new Keyed(root.fields);
  }

  /** The raw value, undefined when absent or null. */
  raw(key: string): Json | undefined {
    const value = this.fields.get(key);
    return value === null ? undefined : value;
  }

  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === 'string') return value;
    throw mismatch('String', key, value);
  }

  bool(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || typeof value === 'boolean') return value;
    throw mismatch('Bool', key, value);
  }

  int(key: string): number | undefined {
    const value = this.raw(key);
    return value === undefined ? undefined : intOf(value, key);
  }

  double(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (isNumber(value)) return Number(value.text);
    throw mismatch('Double', key, value);
  }

  decimal(key: string): Decimal | undefined {
    const value = this.raw(key);
    return value === undefined ? undefined : decimalOf(value, key);
  }

  /** `[Element]?`: each element decoded by `item`. */
  array<T>(key: string, item: (value: Json, key: string) => T): T[] | undefined {
    const value = this.raw(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw mismatch('Array<Any>', key, value);
    return (value as Json[]).map((v, i) => item(v, `${key}.Index ${i}`));
  }
}

export const isNumber = (value: Json): value is { kind: 'number'; text: string } =>
  value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'number';

const isObject = (value: Json): value is { kind: 'object'; fields: ReadonlyMap<string, Json> } =>
  value !== null && typeof value === 'object' && 'kind' in value && value.kind === 'object';

export function intOf(value: Json, key: string): number {
  if (!isNumber(value)) throw mismatch('Int', key, value);
  const asDouble = Number(value.text);
  if (/^-?\d+$/.test(value.text) ? !Number.isSafeInteger(asDouble) : !Number.isInteger(asDouble))
    throw new DecodingError(
      `Data corrupted at path '${key}'. Parsed JSON number <${value.text}> does not fit in Int.`,
    );
  return asDouble;
}

export function stringOf(value: Json, key: string): string {
  if (typeof value === 'string') return value;
  throw mismatch('String', key, value);
}

export function decimalOf(value: Json, key: string): Decimal {
  if (!isNumber(value)) throw mismatch('Decimal', key, value);
  const decimal = parseDecimal(value.text);
  if (!decimal)
    throw new DecodingError(
      `Data corrupted at path '${key}'. Parsed JSON number <${value.text}> does not fit in Decimal.`,
    );
  return decimal;
}

// ---- JSONEncoder -----------------------------------------------------------------------------

/** What the encoder writes: a Decimal as a bare JSON number, its description. */
export class Encoded {
  constructor(readonly text: string) {}
}
export const number = (d: Decimal) => new Encoded(describe(d));

/**
 * JSONEncoder without `.sortedKeys`: on Linux a keyed container's order follows the hashing of its
 * keys, fixed per process and arbitrary. Reproduced as an order by a seeded hash of the key.
 */
export function encode(value: unknown, seed: number): string {
  if (value instanceof Encoded) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => encode(v, seed)).join(',')}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  const rank = (key: string) => {
    let h = seed >>> 0;
    for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    return h;
  };
  entries.sort(([a], [b]) => rank(a) - rank(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${encode(v, seed)}`).join(',')}}`;
}

/** Swift's `Double.description`: `100.0` for a whole number, exponents past 2^53 and under 1e-4. */
export function swiftDouble(x: number): string {
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 2 ** 53 || abs < 1e-4)) {
    const [m, e = '0'] = x.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return Number.isInteger(x) ? `${x}.0` : String(x);
}
