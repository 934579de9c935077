/**
 * play-json habits: Reads that accumulate every field's error under its JSON path
 * (`JsError.toJson`: `{"obj.pointsToBeAdjusted":[{"msg":["error.expected.jsnumber"],"args":[]}]}`),
 * BigDecimal read from a JSON number or a numeric string (play-json's own BigDecimal Reads does),
 * Long only from an integral number, Options read as absent for null, and a writer that puts a
 * BigDecimal on the wire as its toString and leaves a None out (never `null`).
 */
import { type BigDec, bigDecimalText, numberToBigDecimal, parseBigDecimal } from './decimal.ts';

/** A BigDecimal to be written as a JSON number with its own scale. */
export class JsDecimal {
  constructor(readonly value: BigDec) {}
}

/** What the writer takes: undefined members are Options that are None, and are left out. */
export type Js =
  | string
  | number
  | boolean
  | null
  | undefined
  | JsDecimal
  | readonly Js[]
  | { [key: string]: Js };

/** Json.stringify: members in the order written, BigDecimals as their toString. */
export function stringify(value: Js): string {
  if (value instanceof JsDecimal) return bigDecimalText(value.value);
  if (Array.isArray(value)) return `[${value.map(stringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${stringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** One validation error of a path, as JsonValidationError is written. */
interface ValidationError {
  readonly msg: readonly string[];
  readonly args: readonly Js[];
}

/** The errors a Reads collected, keyed by `obj.<field>` in the order found. */
export class JsErrors {
  private readonly byPath = new Map<string, ValidationError[]>();
  add(field: string | undefined, msg: string, ...args: Js[]): void {
    const path = field === undefined ? 'obj' : `obj.${field}`;
    const list = this.byPath.get(path) ?? [];
    list.push({ msg: [msg], args });
    this.byPath.set(path, list);
  }
  get empty(): boolean {
    return this.byPath.size === 0;
  }
  /** JsError.toJson. */
  toJson(): { [key: string]: Js } {
    return Object.fromEntries([...this.byPath].map(([path, list]) => [path, list.map((e) => ({ ...e }))]));
  }
}

type Body = Record<string, unknown>;

/** `(__ \ field).readNullable[String]`, with an optional maxLength/minLength filter. */
export function readString(
  body: Body,
  field: string,
  errors: JsErrors,
  limits: { min?: number; max?: number } = {},
): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return void errors.add(field, 'error.expected.jsstring');
  if (limits.min !== undefined && v.length < limits.min)
    return void errors.add(field, 'error.minLength', limits.min);
  if (limits.max !== undefined && v.length > limits.max)
    return void errors.add(field, 'error.maxLength', limits.max);
  return v;
}

/** `(__ \ field).readNullable[Long]`. */
export function readLong(body: Body, field: string, errors: JsErrors): bigint | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') return void errors.add(field, 'error.expected.jsnumber');
  if (!Number.isSafeInteger(v)) return void errors.add(field, 'error.expected.long');
  return BigInt(v);
}

/** play-json's BigDecimal Reads: a JSON number, or a string `new BigDecimal` accepts. */
export function readBigDecimal(body: Body, field: string, errors: JsErrors): BigDec | undefined {
  const v = body[field];
  if (v === undefined || v === null) return void errors.add(field, 'error.path.missing');
  if (typeof v === 'number')
    return numberToBigDecimal(v) ?? void errors.add(field, 'error.expected.numberformatexception');
  if (typeof v === 'string')
    return parseBigDecimal(v) ?? void errors.add(field, 'error.expected.numberformatexception');
  return void errors.add(field, 'error.expected.jsnumberorjsstring');
}

/** `(__ \ field).readWithDefault[Boolean](default)`. */
export function readBoolean(body: Body, field: string, errors: JsErrors, fallback: boolean): boolean {
  const v = body[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') {
    errors.add(field, 'error.expected.jsboolean');
    return fallback;
  }
  return v;
}

/** A body that is a JSON object, or the one error play-json gives a case class for anything else. */
export function asObject(json: unknown, errors: JsErrors): Body {
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) return json as Body;
  errors.add(undefined, 'error.expected.jsobject');
  return {};
}
