import { type ParameterView, parameterKey } from '../operation-view.ts';
import { compareRequestValue } from './request-schema.ts';
import type { PairContext, PairRule } from './types.ts';

/**
 * Query, header and cookie parameters by location and name (headers without case); path
 * parameters by position, since the names may differ (`{id}` against `{profileId}`).
 */
export const parametersRule: PairRule = {
  id: 'parameters',
  compares: 'path, query, header and cookie parameters: presence, required, types, enums, bounds',
  compare(context) {
    const ours = context.pair.oursView.parameters;
    const theirs = context.pair.theirs.parameters;
    const byKey = (list: readonly ParameterView[]) =>
      new Map(list.filter((p) => p.in !== 'path').map((p) => [`${p.in}:${parameterKey(p)}`, p]));
    const theirByKey = byKey(theirs);
    const ourByKey = byKey(ours);

    const ourPath = pathParameters(context.pair.oursView.path, ours);
    const theirPath = pathParameters(context.pair.theirs.path, theirs);
    ourPath.forEach((own, i) => {
      const other = theirPath[i];
      if (own && other) compareParameter(context, own, other);
    });

    for (const [key, own] of ourByKey) {
      const other = theirByKey.get(key);
      const at = `${own.in}.${own.name}`;
      const subject = { by: 'field', name: own.name, input: at } as const;
      if (other === undefined) {
        if (own.required)
          context.report('request-field-missing', at, 'not declared by theirs; ours requires it', subject);
        else
          context.report('request-field-undeclared', at, 'optional in ours, not declared by theirs', subject);
        continue;
      }
      if (other.required && !own.required) {
        context.report('required-narrowed', at, 'theirs requires it; ours makes it optional', subject);
      } else if (own.required && !other.required) {
        context.report('required-widened', at, 'ours requires it; theirs makes it optional', {
          ...subject,
          universal: ['GEN-INVALID-REJECTED'],
        });
      }
      compareParameter(context, own, other);
    }
    for (const [key, other] of theirByKey) {
      if (ourByKey.has(key)) continue;
      const at = `${other.in}.${other.name}`;
      const subject = { by: 'field', name: other.name, input: at } as const;
      if (other.required)
        context.report('required-narrowed', at, 'theirs requires it; ours does not have it', subject);
      else context.report('extra-optional-field', at, 'optional in theirs, not in ours', subject);
    }
  },
};

function compareParameter(context: PairContext, own: ParameterView, other: ParameterView): void {
  // A parameter of theirs without a schema says nothing about its values.
  if (other.schema === undefined) return;
  const at = `${own.in}.${own.name}`;
  compareRequestValue(context, own.schema ?? {}, other.schema, { at, input: at, name: own.name });
}

/** The path parameters in the order the template names them (`undefined` where none is declared). */
function pathParameters(path: string, parameters: readonly ParameterView[]): (ParameterView | undefined)[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) =>
    parameters.find((p) => p.in === 'path' && p.name === m[1]),
  );
}
