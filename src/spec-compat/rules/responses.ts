import type { CompatFindingKind } from '../findings.ts';
import type { OperationView, ResponseView } from '../operation-view.ts';
import { requirementsAtRisk } from '../requirements-at-risk.ts';
import { admitsType, enumOf, itemsOf, objectOf, typesLost, typesOf, typesText } from '../schema-view.ts';
import { valuesText } from './request-schema.ts';
import type { PairContext, PairRule } from './types.ts';

/** A finding before the statuses that share it are merged into one. */
interface Pending {
  readonly kind: CompatFindingKind;
  readonly statuses: string[];
  readonly field: string;
  readonly message: string;
  readonly name: string;
  readonly universal: readonly string[];
}

/**
 * Response bodies, status by status: every field we judge — required by our schema, or named by a
 * requirement of the operation (see `requirementsAtRisk`) — must be declared by theirs, with no
 * type or enum value ours does not admit; their extra top-level fields are drift. The same
 * finding on several statuses (Capillary's error envelope on 400, 401, 403, 404, 4XX) is one.
 */
export const responsesRule: PairRule = {
  id: 'responses',
  compares: 'response bodies: the fields we judge, their types and enum values, extra top-level fields',
  compare(context) {
    const pending = new Map<string, Pending>();
    const add = (p: Omit<Pending, 'statuses'>, status: string) => {
      const key = `${p.kind}|${p.field}|${p.message}`;
      const known = pending.get(key);
      if (known) known.statuses.push(status);
      else pending.set(key, { ...p, statuses: [status] });
    };

    for (const [status, response] of context.pair.oursView.responses) {
      if (response.schema === undefined) continue;
      const theirKey = pairedStatus(status, context.pair.theirs.responses);
      // A status they do not declare at all is the status rule's finding.
      if (theirKey === undefined) continue;
      const theirs = context.pair.theirs.responses.get(theirKey);
      const universal = status.startsWith('2')
        ? ['GEN-BODY-SCHEMA']
        : ['GEN-BODY-SCHEMA', 'GEN-ERROR-ENVELOPE'];
      // Error responses are often left without a body in providers' documents: only a success
      // response without one hides the fields we judge.
      if (theirs?.schema === undefined && !status.startsWith('2')) continue;
      const walker = new ResponseWalker(context, (p) => add(p, status), universal);
      walker.object(response.schema, theirs?.schema, '', 0);
    }

    for (const p of pending.values()) {
      const subject = { by: 'field', name: p.name, universal: p.universal } as const;
      const at = `response ${p.statuses.join(',')}${p.field ? ` ${p.field}` : ''}`;
      context.report(p.kind, at, p.message, subject);
    }
  },
};

class ResponseWalker {
  constructor(
    private readonly context: PairContext,
    private readonly add: (p: Omit<Pending, 'statuses'>) => void,
    private readonly universal: readonly string[],
  ) {}

  /** The judged properties of an object, then (at the top) their extra ones. */
  object(ours: unknown, theirs: unknown, path: string, depth: number): void {
    if (depth > 6) return;
    const o = objectOf(ours);
    const t = objectOf(theirs);
    for (const [name, oursSchema] of o.properties) {
      const required = o.required.has(name);
      if (!required && !this.namedByRequirement(name)) continue;
      const field = path ? `${path}.${name}` : name;
      const universal = required ? this.universal : [];
      const theirSchema = t.properties.get(name);
      if (theirSchema === undefined) {
        const why = required ? 'ours requires it' : 'a requirement reads it';
        const where = theirs === undefined ? ' (their response declares no JSON body)' : '';
        this.add({
          kind: 'response-field-missing',
          field,
          message: `not declared by theirs${where}; ${why}`,
          name,
          universal,
        });
        continue;
      }
      this.value(oursSchema, theirSchema, field, name, universal, depth + 1);
    }
    if (depth === 0 && o.declaresProperties) {
      for (const name of t.properties.keys()) {
        if (o.properties.has(name)) continue;
        this.add({
          kind: 'response-field-extra',
          field: name,
          message: 'declared by theirs, not by ours',
          name,
          universal: ['GEN-UNDOCUMENTED-FIELDS'],
        });
      }
    }
  }

  /** Types and enum values of a judged field, then what it holds. */
  private value(
    ours: unknown,
    theirs: unknown,
    field: string,
    name: string,
    universal: readonly string[],
    depth: number,
  ): void {
    const oursTypes = typesOf(ours);
    const theirTypes = typesOf(theirs);
    const outside = typesLost(theirTypes, oursTypes);
    if (oursTypes !== undefined && outside.length > 0) {
      const overlap = theirTypes === undefined || [...theirTypes].some((t) => admitsType(oursTypes, t));
      this.add({
        kind: overlap ? 'response-type-wider' : 'response-type-mismatch',
        field,
        message: `theirs may be ${typesText(theirTypes)}; ours admits ${typesText(oursTypes)}`,
        name,
        universal,
      });
    }
    const oursValues = enumOf(ours);
    if (oursValues !== undefined) {
      const theirValues = enumOf(theirs);
      const added =
        theirValues === undefined ? undefined : [...theirValues].filter(([k]) => !oursValues.has(k));
      if (added === undefined || added.length > 0) {
        const what = added === undefined ? 'any value' : valuesText(added.map(([, v]) => v));
        this.add({
          kind: 'response-enum-wider',
          field,
          message: `theirs may be ${what}; ours admits only ${valuesText([...oursValues.values()])}`,
          name,
          universal,
        });
      }
    }
    if (objectOf(ours).declaresProperties) this.object(ours, theirs, field, depth);
    const oursItems = itemsOf(ours);
    const theirItems = itemsOf(theirs);
    if (oursItems !== undefined && theirItems !== undefined) {
      if (objectOf(oursItems).declaresProperties) this.object(oursItems, theirItems, `${field}[]`, depth + 1);
      else this.value(oursItems, theirItems, `${field}[]`, name, universal, depth + 1);
    }
  }

  /**
   * Whether a requirement of the operation reads this response field: it names the field, and the
   * field is not also one of the operation's inputs (a rule naming `billNumber` of
   * unlockPromisedPoints is about the request; the response's `billNumber` counts only where our
   * schema requires it).
   */
  private namedByRequirement(name: string): boolean {
    this.inputs ??= inputNames(this.context.pair.oursView);
    if (this.inputs.has(name)) return false;
    const named = requirementsAtRisk(this.context.catalogue, this.context.pair.ours, { by: 'field', name });
    return named.length > 0;
  }

  private inputs: ReadonlySet<string> | undefined;
}

/** The names of an operation's parameters and top-level request body properties. */
function inputNames(operation: OperationView): Set<string> {
  const names = new Set(operation.parameters.map((p) => p.name));
  for (const name of objectOf(operation.requestBody?.schema).properties.keys()) names.add(name);
  return names;
}

/**
 * Their response that answers for our status: the same key; for an exact status, else any of
 * their exact statuses of the same class for a success (our 200 against their 201), else their
 * range (`4XX`), else their `default` (not for a success).
 */
export function pairedStatus(status: string, theirs: ReadonlyMap<string, ResponseView>): string | undefined {
  if (theirs.has(status)) return status;
  const success = status.startsWith('2');
  if (/^\d{3}$/.test(status)) {
    if (success) {
      const other = [...theirs.keys()].find((k) => /^2\d\d$/.test(k));
      if (other) return other;
    }
    const range = `${status[0]}XX`;
    if (theirs.has(range)) return range;
  }
  if (!success && theirs.has('default')) return 'default';
  return undefined;
}
