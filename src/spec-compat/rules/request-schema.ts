import {
  boundsOf,
  boundText,
  enumOf,
  itemsOf,
  lowerStricter,
  objectOf,
  typesLost,
  typesOf,
  typesText,
  upperStricter,
} from '../schema-view.ts';
import type { PairContext } from './types.ts';

/** The universal requirement a request that accepts more than ours puts at risk. */
const ACCEPTS_MORE = ['GEN-INVALID-REJECTED'] as const;

/** Where a request value is: `at` as reports show it, and the input `x-error-codes` would name. */
export interface RequestPlace {
  /** `query.source`, `body.eventLogId[]` */
  readonly at: string;
  /** `query.source`, `body.eventLogId` (an `x-error-codes` `on` names top-level inputs). */
  readonly input: string;
  /** The field's own name, for the requirement mapping. */
  readonly name: string;
}

/**
 * Compares what one request value may be, ours against theirs: types, enum values, bounds, then
 * the properties of an object and the items of an array. Narrower is breaking (a client or a
 * conformance run sending the documented form is refused), wider is a warning (a requirement
 * that the out-of-contract form is rejected may fail).
 */
export function compareRequestValue(
  context: PairContext,
  ours: unknown,
  theirs: unknown,
  place: RequestPlace,
  depth = 0,
): void {
  if (depth > 6) return;
  const field = { by: 'field', name: place.name, input: place.input } as const;
  const wider = { ...field, universal: ACCEPTS_MORE } as const;

  const oursTypes = typesOf(ours);
  const theirTypes = typesOf(theirs);
  const lost = typesLost(oursTypes, theirTypes);
  if (lost.length > 0) {
    context.report(
      'type-narrowed',
      place.at,
      `theirs accepts ${typesText(theirTypes)}, ours ${typesText(oursTypes)}: the documented ${lost.join(' and ')} form is refused`,
      field,
    );
  }
  const gained = typesLost(theirTypes, oursTypes);
  if (gained.length > 0 && oursTypes !== undefined) {
    context.report(
      'type-widened',
      place.at,
      `theirs accepts ${typesText(theirTypes)}, ours only ${typesText(oursTypes)}`,
      wider,
    );
  }

  const value: ValuePair = { context, ours, theirs, at: place.at, field, wider };
  compareEnums(value);
  compareBounds(value);

  const oursObject = objectOf(ours);
  const theirObject = objectOf(theirs);
  if (oursObject.declaresProperties && (theirObject.declaresProperties || theirObject.closed)) {
    compareRequestObject(context, ours, theirs, place, depth + 1);
  }
  const oursItems = itemsOf(ours);
  const theirItems = itemsOf(theirs);
  if (oursItems !== undefined && theirItems !== undefined) {
    compareRequestValue(context, oursItems, theirItems, { ...place, at: `${place.at}[]` }, depth + 1);
  }
}

/**
 * The properties of a request object: a property ours requires that they do not declare, one
 * they require that ours leaves optional (or does not have), and the rest property by property.
 */
export function compareRequestObject(
  context: PairContext,
  ours: unknown,
  theirs: unknown,
  place: { readonly at: string; readonly input: string },
  depth = 0,
): void {
  const o = objectOf(ours);
  const t = objectOf(theirs);
  // `x-error-codes` name top-level inputs (`body.billNumber`): a nested field takes its top-level input.
  const top = place.at === place.input && !place.at.includes('.');
  for (const [name, oursSchema] of o.properties) {
    const at = `${place.at}.${name}`;
    const sub: RequestPlace = { at, input: top ? at : place.input, name };
    const subject = { by: 'field', name, input: sub.input } as const;
    const theirSchema = t.properties.get(name);
    if (theirSchema === undefined) {
      if (o.required.has(name) || t.closed) {
        const why = o.required.has(name) ? 'ours requires it' : 'their schema rejects undeclared properties';
        context.report('request-field-missing', at, `not declared by theirs; ${why}`, subject);
      } else {
        context.report('request-field-undeclared', at, 'optional in ours, not declared by theirs', subject);
      }
      continue;
    }
    if (t.required.has(name) && !o.required.has(name)) {
      context.report('required-narrowed', at, 'theirs requires it; ours makes it optional', subject);
    } else if (o.required.has(name) && !t.required.has(name)) {
      context.report('required-widened', at, 'ours requires it; theirs makes it optional', {
        ...subject,
        universal: ACCEPTS_MORE,
      });
    }
    compareRequestValue(context, oursSchema, theirSchema, sub, depth);
  }
  for (const name of t.properties.keys()) {
    if (o.properties.has(name)) continue;
    const at = `${place.at}.${name}`;
    const subject = { by: 'field', name, input: top ? at : place.input } as const;
    if (t.required.has(name)) {
      context.report('required-narrowed', at, 'theirs requires it; ours does not have it', subject);
    } else {
      context.report('extra-optional-field', at, 'optional in theirs, not in ours', subject);
    }
  }
}

/** One request value, ours and theirs, with the subjects its findings name. */
interface ValuePair {
  readonly context: PairContext;
  readonly ours: unknown;
  readonly theirs: unknown;
  /** Where the value is, as reports show it. */
  readonly at: string;
  /** The subject of a narrowing (breaking) finding. */
  readonly field: { by: 'field'; name: string; input: string };
  /** The subject of a widening finding, with the universal requirement it puts at risk. */
  readonly wider: { by: 'field'; name: string; input: string; universal: readonly string[] };
}

function compareEnums({ context, ours, theirs, at, field, wider }: ValuePair): void {
  const oursValues = enumOf(ours);
  const theirValues = enumOf(theirs);
  // One side restricts what the other leaves open, or drops values the other lists: the same
  // comparison both ways, reported as narrowed (theirs refuses documented values) or widened.
  const side = (
    kind: 'enum-narrowed' | 'enum-widened',
    limited: ReadonlyMap<string, unknown> | undefined,
    other: ReadonlyMap<string, unknown> | undefined,
    open: (values: unknown[]) => string,
    extra: (values: unknown[]) => string,
    subject: typeof field | typeof wider,
  ) => {
    if (limited === undefined) return;
    if (other === undefined) return context.report(kind, at, open([...limited.values()]), subject);
    const outside = [...other.keys()].filter((k) => !limited.has(k)).map((k) => JSON.parse(k));
    if (outside.length > 0) context.report(kind, at, extra(outside), subject);
  };
  side(
    'enum-narrowed',
    theirValues,
    oursValues,
    (values) => `theirs accepts only ${valuesText(values)}; ours any value`,
    (dropped) =>
      `theirs drops ${valuesText(dropped)} (ours: ${valuesText([...(oursValues?.values() ?? [])])})`,
    field,
  );
  side(
    'enum-widened',
    oursValues,
    theirValues,
    (values) => `theirs accepts any value; ours only ${valuesText(values)}`,
    (added) => `theirs also accepts ${valuesText(added)}`,
    wider,
  );
}

function compareBounds({ context, ours, theirs, at, field, wider }: ValuePair): void {
  const o = boundsOf(ours);
  const t = boundsOf(theirs);
  const stricter: string[] = [];
  const looser: string[] = [];
  const side = (
    label: string,
    oursText: string,
    theirText: string,
    tighter: boolean,
    looserThan: boolean,
  ) => {
    if (tighter) stricter.push(`${label} ${theirText} (ours ${oursText})`);
    else if (looserThan) looser.push(`${label} ${theirText} (ours ${oursText})`);
  };
  side(
    'minimum',
    boundText('min', o.min),
    boundText('min', t.min),
    lowerStricter(t.min, o.min),
    lowerStricter(o.min, t.min),
  );
  side(
    'maximum',
    boundText('max', o.max),
    boundText('max', t.max),
    upperStricter(t.max, o.max),
    upperStricter(o.max, t.max),
  );
  const minLen = (n: number | undefined) => (n === undefined ? undefined : { value: n, exclusive: false });
  side(
    'minLength',
    String(o.minLength ?? 'none'),
    String(t.minLength ?? 'none'),
    lowerStricter(minLen(t.minLength), minLen(o.minLength)),
    lowerStricter(minLen(o.minLength), minLen(t.minLength)),
  );
  side(
    'maxLength',
    String(o.maxLength ?? 'none'),
    String(t.maxLength ?? 'none'),
    upperStricter(minLen(t.maxLength), minLen(o.maxLength)),
    upperStricter(minLen(o.maxLength), minLen(t.maxLength)),
  );
  if (stricter.length > 0) context.report('range-narrowed', at, `theirs: ${stricter.join(', ')}`, field);
  if (looser.length > 0) context.report('range-widened', at, `theirs: ${looser.join(', ')}`, wider);
}

/** `"WEBSITE", "LINE"` (at most 8 values, then `and N more`). */
export function valuesText(values: readonly unknown[]): string {
  const shown = values.slice(0, 8).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return values.length > 8 ? `${shown.join(', ')} and ${values.length - 8} more` : shown.join(', ');
}
