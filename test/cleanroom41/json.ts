import { Decimal } from './decimal.ts';
import { ApexException } from './errors.ts';

/** A number as `JSON.deserializeUntyped` hands it over: Integer or Long without a point, else Decimal. */
export class ApexNumber {
  constructor(
    readonly type: 'Integer' | 'Long' | 'Decimal',
    readonly value: Decimal,
  ) {}
}

export type Untyped = null | boolean | string | ApexNumber | Untyped[] | UntypedMap;
/** `Map<String, Object>`: keys case-sensitive, a repeated key's last value kept. */
export type UntypedMap = Map<string, Untyped>;

const INT_MAX = 2147483647n;

/** `JSON.deserializeUntyped(text)`: numbers keep their text's scale; bad JSON is a JSONException. */
export function deserializeUntyped(text: string): Untyped {
  let at = 0;
  const fail = (): never => {
    throw new ApexException('System.JSONException', `Unexpected character at input position ${at}`);
  };
  const blank = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at] ?? '')) at++;
  };
  /** Steps past a closing bracket and hands back what it closed. */
  const close = <T>(closed: T): T => {
    at++;
    return closed;
  };
  const value = (): Untyped => {
    blank();
    const c = text[at];
    if (c === '{') {
      at++;
      const map: UntypedMap = new Map();
      blank();
      if (text[at] === '}') return close(map);
      for (;;) {
        blank();
        if (text[at] !== '"') fail();
        const key = string();
        blank();
        if (text[at++] !== ':') fail();
        map.set(key, value());
        blank();
        if (text[at] === ',') at++;
        else if (text[at] === '}') return close(map);
        else fail();
      }
    }
    if (c === '[') {
      at++;
      const list: Untyped[] = [];
      blank();
      if (text[at] === ']') return close(list);
      for (;;) {
        list.push(value());
        blank();
        if (text[at] === ',') at++;
        else if (text[at] === ']') return close(list);
        else fail();
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (text.startsWith(word, at)) {
        at += word.length;
        return v;
      }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!m) return fail();
    at += m[0].length;
    const decimal = Decimal.valueOf(m[0]);
    if (m[2] || m[3]) return new ApexNumber('Decimal', decimal);
    const big = decimal.unscaled < 0n ? -decimal.unscaled : decimal.unscaled;
    return new ApexNumber(big <= INT_MAX ? 'Integer' : 'Long', decimal);
  };
  const string = (): string => {
    // A string runs to the first unescaped quote; JSON.parse then refuses raw control characters.
    const m = /^"(?:[^"\\]|\\.)*"/.exec(text.slice(at));
    if (!m) return fail();
    at += m[0].length;
    try {
      return JSON.parse(m[0]) as string;
    } catch {
      return fail();
    }
  };
  const result = value();
  blank();
  if (at !== text.length) fail();
  return result;
}

/** What the vendor's response classes hold: Decimals written with their scale, null where a field is unset. */
export type Serializable =
  | null
  | undefined
  | boolean
  | string
  | number
  | Decimal
  | Serializable[]
  | { readonly [key: string]: Serializable };

/**
 * `JSON.serialize(obj, suppressApexObjectNulls)`: fields in declaration order, a Decimal as its
 * plain digits with the scale kept (670.000), nulls written unless suppressed.
 */
export function serialize(value: Serializable, suppressApexObjectNulls = false): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Decimal) return value.toString();
  if (Array.isArray(value)) return `[${value.map((v) => serialize(v, suppressApexObjectNulls)).join(',')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, v]) => !(suppressApexObjectNulls && (v === null || v === undefined)))
      .map(([k, v]) => `${JSON.stringify(k)}:${serialize(v, suppressApexObjectNulls)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `(String) obj`: a String, or a TypeException (an Integer is not cast to String). */
export function asString(obj: Untyped | undefined): string | null {
  if (obj === undefined || obj === null) return null;
  if (typeof obj !== 'string')
    throw new ApexException('System.TypeException', 'Invalid conversion to String');
  return obj;
}

/** `(Map<String, Object>) JSON.deserializeUntyped(body)`: a body that is not an object is a TypeException. */
export function asMap(obj: Untyped): UntypedMap {
  if (!(obj instanceof Map))
    throw new ApexException('System.TypeException', 'Invalid conversion to Map<String,ANY>');
  return obj;
}
