import { compareRequestValue } from './request-schema.ts';
import type { PairRule } from './types.ts';

/** The JSON request body: whether there is one and who requires it, then its schema. */
export const requestBodyRule: PairRule = {
  id: 'request-body',
  compares: 'the JSON request body: presence, required, then its properties, types, enums and bounds',
  compare(context) {
    const ours = context.pair.oursView.requestBody;
    const theirs = context.pair.theirs.requestBody;
    // The body as a whole: no requirement is named after it (a missing one is the operation's loss).
    const subject = { by: 'field', name: '' } as const;
    if (ours === undefined && theirs === undefined) return;
    if (theirs === undefined) {
      if (ours?.required) {
        context.report(
          'request-field-missing',
          'body',
          'theirs declares no request body; ours requires one',
          {
            by: 'operation',
          },
        );
      } else
        context.report(
          'request-field-undeclared',
          'body',
          'theirs declares no request body; ours an optional one',
          subject,
        );
      return;
    }
    if (theirs.required && !ours?.required) {
      const what = ours === undefined ? 'ours has none' : 'ours makes it optional';
      context.report('required-narrowed', 'body', `theirs requires a request body; ${what}`, subject);
    } else if (ours?.required && !theirs.required) {
      context.report('required-widened', 'body', 'ours requires a request body; theirs makes it optional', {
        ...subject,
        universal: ['GEN-INVALID-REJECTED'],
      });
    }
    if (ours?.schema === undefined || theirs.schema === undefined) return;
    compareRequestValue(context, ours.schema, theirs.schema, { at: 'body', input: 'body', name: '' });
  },
};
