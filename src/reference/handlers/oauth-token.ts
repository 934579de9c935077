import { capillaryError, type Reply } from '../envelopes.ts';
import { bodyRecord, type HandlerContext } from './context.ts';

/** POST v3/oauth/token/generate */
export function generateOAuthToken({ body, auth }: HandlerContext): Reply {
  const b = bodyRecord(body);
  const token = auth.issueToken(String(b.key), String(b.secret));
  if (!token) return capillaryError(401, 'Invalid key or secret', 401);
  return { status: 200, body: { data: token, errors: null } };
}
