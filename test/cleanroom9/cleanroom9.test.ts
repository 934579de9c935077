import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom9Options, startCleanroom9Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The ninth clean-room provider, written from the four documents and DESIGN.md alone, with its
 * effort on authentication and fabric: Basic passwords as md5 hex, OAuth tokens that live 40 s (or
 * 3 s) and are bound to their org, an OAuth client without the Points access group (403, code
 * 4000), 401 with a WWW-Authenticate challenge, fabric answers with extra envelope fields, a
 * profileId taken from the token when the body has none, and the member inquiry. Its second reading
 * keeps token expiries in whole seconds as a JWT's exp does, with 3 s tokens and 15 ms answers,
 * which found one false verdict: the client renewed a token a tenth of its lifetime before its
 * ttlSeconds, so a token that died up to 1 s early was sent expired and the 401s failed
 * CAP-AUTH-OAUTH and CAP-UPP-* checks (variant oauth-tokens-whole-second-expiry).
 */
const READINGS: { name: string; options: Cleanroom9Options; shows: Record<string, Verdict> }[] = [
  {
    name: 'Basic with md5 passwords, 40 s OAuth tokens bound to their org, a client without the Points access group refused 403/4000, 401 with WWW-Authenticate, fabric envelope with requestId and timestamp, profileId from the token',
    options: {},
    shows: {
      'CAP-AUTH-BASIC': 'pass',
      'CAP-AUTH-OAUTH': 'pass',
      'CAP-AUTH-TOKEN-GENERATE': 'pass',
      'CAP-AUTH-WRONG': 'pass',
      'CAP-AUTH-HTTP-STATUS': 'pass',
      'CAP-AUTH-ACCESS-GROUP': 'pass',
      'FAB-AUTH-HTTP-STATUS': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-PROFILE-ID-MISSING': 'warn', // the token's member is adjusted
      'GEN-UNDOCUMENTED-FIELDS': 'warn', // requestId, timestamp
    },
  },
  {
    name: '3 s OAuth tokens expiring in whole seconds (a JWT exp) announced as "3" with 201, 15 ms answers, wrong credentials 403/4000 and missing ones 401 with an empty body, fabric 201 on success, refusals in a 200 envelope and gateway answers for tokens, the restricted client refused the balance too',
    options: {
      ttlSeconds: 3,
      wholeSecondExpiry: true,
      latencyMs: 15,
      ttlAsString: true,
      tokenStatus: 201,
      gatewayAuth: true,
      wrongAs403: true,
      fabricErrorsIn200: true,
      fabricCreated: true,
      restrictedNoBalance: true,
    },
    shows: {
      'CAP-AUTH-OAUTH': 'pass',
      'CAP-AUTH-TOKEN-GENERATE': 'warn', // 201, ttlSeconds "3"
      'CAP-AUTH-HTTP-STATUS': 'warn', // 403 for wrong credentials
      'CAP-AUTH-ACCESS-GROUP': 'pass',
      'CAP-UPP-SOURCE-VALUES': 'pass',
      'FAB-AUTH-HTTP-STATUS': 'warn', // 403 for a wrong token
      'FAB-ADJ-POINTS-REQUIRED': 'warn', // refused in a 200
      'GEN-STATUS-DECLARED': 'warn', // 201
    },
  },
];

describe('ninth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom9Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 60_000,
  });
});
