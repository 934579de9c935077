import { isRecord } from '../../spec/json-pointer.ts';
import type { OperationView } from '../operation-view.ts';
import type { PairRule } from './types.ts';

/**
 * The error codes of our `x-error-codes`, looked for anywhere in their operation (descriptions,
 * `x-` extensions, examples, schemas) as a whole number. OpenAPI has no place for a vendor's error
 * codes, so a code that is nowhere is breaking only when their document lists codes for the
 * operation at all — an `x-error-codes` list, or an `enum` of a `code` property in a response
 * schema — and left out this one; otherwise the codes nowhere are one warning. Codes they list
 * that ours does not have are information.
 */
export const errorCodesRule: PairRule = {
  id: 'error-codes',
  compares: 'the error codes of our x-error-codes against every mention in their operation',
  compare(context) {
    const ours = context.pair.ours.errorCodes.map((c) => c.code);
    const listed = listedCodes(context.pair.theirs);
    const text = textOf(context.pair.theirs.raw);
    const absent = ours.filter((code) => !new RegExp(`(?<![0-9])${code}(?![0-9])`).test(text));

    if (listed !== undefined) {
      for (const code of absent) {
        context.report(
          'error-code-missing',
          `error ${code}`,
          `theirs lists ${listed.size} error ${listed.size === 1 ? 'code' : 'codes'} for this operation, not this one`,
          { by: 'error-code', codes: [code] },
        );
      }
      const extra = [...listed].filter((code) => !ours.includes(code));
      if (extra.length > 0) {
        context.report(
          'error-code-extra',
          'errors',
          `theirs lists ${extra.join(', ')}, which ours does not have`,
          {
            by: 'field',
            name: '',
          },
        );
      }
    } else if (absent.length > 0) {
      // One finding per code would bury the rest: the codes go together, keeping each one's requirements.
      context.report(
        'error-code-unmentioned',
        'errors',
        `${absent.join(', ')} ${absent.length === 1 ? 'is' : 'are'} nowhere in their operation, which lists no error codes`,
        { by: 'error-code', codes: absent },
      );
    }
  },
};

/**
 * The codes their operation lists, or `undefined` when it lists none at all: the numbers of an
 * `x-error-codes` list (entries as numbers, numeric strings or `{ code }`), and the values of any
 * `enum` on a property named `code` in its response schemas.
 */
export function listedCodes(operation: OperationView): Set<number> | undefined {
  let listed: Set<number> | undefined;
  const add = (value: unknown) => {
    const code = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof code !== 'number' || !Number.isInteger(code)) return;
    listed ??= new Set();
    listed.add(code);
  };
  const list = operation.raw['x-error-codes'];
  if (Array.isArray(list)) {
    listed ??= new Set();
    for (const entry of list) add(isRecord(entry) ? entry.code : entry);
  }
  const seen = new Set<unknown>();
  const walk = (node: unknown, depth: number): void => {
    if (depth > 12) return;
    if (Array.isArray(node)) {
      for (const item of node) walk(item, depth + 1);
      return;
    }
    if (!isRecord(node) || seen.has(node)) return;
    seen.add(node);
    if (
      isRecord(node.properties) &&
      isRecord(node.properties.code) &&
      Array.isArray(node.properties.code.enum)
    ) {
      listed ??= new Set();
      for (const value of node.properties.code.enum) add(value);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'example' && key !== 'examples' && !key.startsWith('x-')) walk(value, depth + 1);
    }
  };
  for (const response of operation.responses.values()) walk(response.schema, 0);
  return listed;
}

/**
 * Everything their operation says, as one text: every key and scalar value, each object read once
 * (a recursive schema is a cyclic graph after dereferencing).
 */
function textOf(operation: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (typeof node === 'string' || typeof node === 'number') parts.push(String(node));
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      parts.push(key);
      walk(value);
    }
  };
  walk(operation);
  return parts.join('\n');
}
