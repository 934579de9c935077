import { OraNumber } from './number.ts';

/**
 * JSON as Oracle's SQL/JSON functions write it: JSON_OBJECT keys in the order of the select list
 * (quoted aliases, so camelCase survives), NUMBER written bare without trailing zeros, NULL written
 * as null (JSON_OBJECT's default NULL ON NULL) or left out (ABSENT ON NULL), no whitespace.
 */
export type OraJson = OraNumber | string | boolean | null | undefined | OraJson[] | OraObject;
export interface OraObject {
  readonly [key: string]: OraJson;
}

export interface JsonOptions {
  /** ABSENT ON NULL: null members left out rather than written. */
  readonly absentOnNull?: boolean;
}

export function jsonObject(value: OraJson, options: JsonOptions = {}): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof OraNumber) return value.toJson();
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => jsonObject(v, options)).join(',')}]`;
  const members = Object.entries(value)
    .filter(([, v]) => v !== undefined && !(options.absentOnNull && v === null))
    .map(([k, v]) => `${JSON.stringify(k)}:${jsonObject(v, options)}`);
  return `{${members.join(',')}}`;
}
