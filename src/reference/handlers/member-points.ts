import { randomUUID } from 'node:crypto';
import { toNumber } from '../amount.ts';
import { fabricReply, type Reply } from '../envelopes.ts';
import { bodyRecord, type HandlerContext } from './context.ts';

/** POST /api/v1/members/points-adjustment */
export function adjustMemberPoints({ principal, body, ledger }: HandlerContext): Reply {
  const b = bodyRecord(body);
  if (typeof b.profileId !== 'string' || b.profileId === '') {
    return fabricReply(400, 'profileId is required', null, { profileId: 'required' });
  }
  const outcome = ledger.adjustMember(principal, {
    profileId: b.profileId,
    points: b.points as number,
    setToPending: b.setToPending === true,
  });
  if (!outcome.ok) {
    const status = outcome.code === 404 ? 404 : 400;
    return fabricReply(status, outcome.message, null, {
      code: String(outcome.code),
      message: outcome.message,
    });
  }
  return fabricReply(200, 'Member points adjusted', {
    Message: outcome.value.message,
    futureDate: false,
    ExceptionString: '',
    transactionCode: randomUUID(),
  });
}

/** GET /api/v1/inquire/{profileId}/member-points */
export function inquireMemberPoints({ principal, pathParams, ledger }: HandlerContext): Reply {
  const member = ledger.member(principal, pathParams.profileId ?? '');
  if (!member)
    return fabricReply(404, 'Member not found', null, { code: '404', message: 'Member not found' });
  return fabricReply(200, '', [
    {
      totalPoints: toNumber(member.active + member.pending),
      pointsByType: [{ pointType: 'Base', points: toNumber(member.active), subType: null }],
      pointsBalance: {
        memberPointsEarned: toNumber(member.earned),
        memberPointsDeducted: toNumber(member.deducted),
        memberPointsUsed: 0,
        memberPointsExpired: 0,
        memberPointsAvailable: toNumber(member.active),
        memberPointsLocked: toNumber(member.pending),
      },
    },
  ]);
}
