import { BYTE_ORDER_MARK, type Exchange } from '../../client/exchange.ts';
import { refusedWithoutJson } from '../../profile/error-status.ts';
import { isAuthStatus, isJsonContentType, type UniversalCheck, undocumentedFabricRefusal } from '../types.ts';

/**
 * Every answer with a body is JSON; an auth rejection from a gateway, a framework's or gateway's
 * refusal of a request in text (plain or HTML: no code, and the documents show no body for one), and a fabric refusal (the
 * page documents the 200 answer only: Express's `res.status(400).send(message)` is text/html,
 * variant `fabric-refusals-as-html-text`) only warn.
 */
export const contentType: UniversalCheck = {
  id: 'content-type',
  requirementId: 'GEN-CONTENT-TYPE',
  description: 'responses are application/json',
  check(exchange, { operation }) {
    const response = exchange.response;
    if (!response || response.status >= 500 || response.status === 204) return undefined;
    // The rule is about answers with a body; whether one was owed is the body-schema check's call.
    if (response.bodyText === '' && response.body === undefined) return undefined;
    const value = response.headers['content-type'];
    if (isJsonContentType(value)) {
      if (unparsed(response)) {
        // The rule's second half: labelled JSON, the body must parse. A 2xx is the documented
        // answer, which is JSON; a refusal that does not parse reports no code, on which the
        // documents are as silent as on a refusal in text (above): it only warns.
        const success = response.status < 300;
        return {
          verdict: success ? 'fail' : 'warn',
          message: `content-type ${value} but the body does not parse as JSON${success ? '' : ': a refusal that reports no code'}`,
          expected: 'a body that parses as JSON',
          actual: `not JSON: ${JSON.stringify(response.bodyText.slice(0, 80))}`,
        };
      }
      // RFC 8259 §8.1: a sender must not add a byte order mark, a parser may ignore it (the client
      // does). No document speaks of it, so it only warns.
      if (response.bodyText.startsWith(BYTE_ORDER_MARK)) {
        return {
          verdict: 'warn',
          message:
            'the JSON body starts with a byte order mark (U+FEFF), which RFC 8259 §8.1 forbids a sender to add',
          expected: 'JSON text without a byte order mark',
          actual: 'U+FEFF before the JSON text',
        };
      }
      return { verdict: 'pass', message: `content-type ${value}` };
    }
    const text = refusedWithoutJson(response);
    const undocumented = undocumentedFabricRefusal(exchange, operation);
    return {
      verdict: isAuthStatus(response.status) || text || undocumented ? 'warn' : 'fail',
      message: text
        ? `content-type is ${value ?? 'missing'}: a refusal in text reports no code, and the documents show no body for a refusal without a documented code`
        : undocumented
          ? `content-type is ${value ?? 'missing'}: the page documents no error answer for this operation, so a refusal's media type is not given`
          : `content-type is ${value ?? 'missing'}`,
      expected: 'application/json',
      actual: value ?? 'no content-type header',
    };
  },
};

/**
 * A body that is there, was read whole and cleanly, and is no JSON. One the client could not vouch
 * for (cut, undecodable, nested too deep: `bodyIssue`) is judged where that issue is named, and a
 * body known only by its start (`truncated`, as a report keeps it) may have parsed whole.
 */
function unparsed(response: NonNullable<Exchange['response']>): boolean {
  return (
    response.body === undefined &&
    response.bodyIssue === undefined &&
    !response.truncated &&
    !response.cut &&
    response.bodyText.replace(BYTE_ORDER_MARK, '').trim() !== ''
  );
}
