import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { errorReply, type Reply } from './envelopes.ts';
import { HANDLERS, type OperationId } from './handlers/index.ts';
import { methodServed, readJsonBody } from './http.ts';
import type { HookRequest, ReferenceHooks } from './server.ts';

/**
 * Failures armed over HTTP (`/__reference/faults`, reference-only): what `hooks.reply` gives an
 * in-process test, for a consumer that runs `serve` as a separate process. Built on the hooks seam
 * and composed over the caller's hooks; with nothing armed it passes every request and answer
 * through untouched. No vendor has such a route, and the conformance engine never calls it.
 */

/** The operations a fault can name: those the provider serves. */
const OPERATION_IDS = Object.keys(HANDLERS) as OperationId[];
const FIELDS = ['operationId', 'status', 'body', 'delayMs', 'drop', 'times'];
/** Longest delay: past any client's timeout worth testing, short enough not to pin a server for long. */
export const MAX_FAULT_DELAY_MS = 60_000;

/** One armed fault, as `GET /__reference/faults` lists it. */
export interface ArmedFault {
  readonly id: number;
  readonly operationId: OperationId;
  readonly status?: number;
  readonly body?: unknown;
  readonly delayMs?: number;
  readonly drop?: boolean;
  readonly times?: number;
  /** Matching requests it still applies to; null: until cleared. */
  remaining: number | null;
}

type FaultSpec = Omit<ArmedFault, 'id' | 'remaining'>;

/** Checks a `POST /__reference/faults` body; the error names the field, as the dataset check does. */
export function parseFault(value: unknown): { ok: true; fault: FaultSpec } | { ok: false; error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(`expected a JSON object { operationId, status?, body?, delayMs?, drop?, times? }`);
  }
  const record = value as Record<string, unknown>;
  const unknown = Object.keys(record).find((key) => !FIELDS.includes(key));
  if (unknown !== undefined) return fail(`${unknown}: unknown field; the fields are ${FIELDS.join(', ')}`);
  const { operationId, status, delayMs, drop, times } = record;
  if (!OPERATION_IDS.includes(operationId as OperationId)) {
    return fail(
      `operationId: must be one of ${OPERATION_IDS.join(', ')}, got ${JSON.stringify(operationId)}`,
    );
  }
  const integerIn = (name: string, field: unknown, min: number, max: number) =>
    field !== undefined && !(Number.isInteger(field) && (field as number) >= min && (field as number) <= max)
      ? `${name}: must be an integer from ${min} to ${max}, got ${JSON.stringify(field)}`
      : undefined;
  const badNumber =
    integerIn('status', status, 100, 599) ??
    integerIn('delayMs', delayMs, 0, MAX_FAULT_DELAY_MS) ??
    integerIn('times', times, 1, Number.MAX_SAFE_INTEGER);
  if (badNumber) return fail(badNumber);
  if (drop !== undefined && typeof drop !== 'boolean') {
    return fail(`drop: must be true or false, got ${JSON.stringify(drop)}`);
  }
  const hasBody = 'body' in record;
  if (drop && (status !== undefined || hasBody)) {
    return fail('drop: a dropped connection sends no answer, so it takes no status or body');
  }
  if (hasBody && typeof status === 'number' && !carriesBody(status)) {
    return fail(`body: a ${status} answer carries no body (HTTP); leave body out`);
  }
  if (status === undefined && !hasBody && delayMs === undefined && !drop) {
    return fail('operationId: nothing to inject; give status, body, delayMs or drop');
  }
  return {
    ok: true,
    fault: {
      operationId: operationId as OperationId,
      ...(status !== undefined ? { status: status as number } : {}),
      ...(hasBody ? { body: record.body } : {}),
      ...(delayMs !== undefined ? { delayMs: delayMs as number } : {}),
      ...(drop ? { drop: true } : {}),
      ...(times !== undefined ? { times: times as number } : {}),
    },
  };
}

/**
 * Why a fault cannot be armed behind `blocker`: a request takes the oldest fault of its operation,
 * and one armed until cleared is never used up, so a fault queued after it would never apply
 * while its POST said "armed" (a consumer's test then fails for a reason it cannot see).
 */
function shadowed(blocker: ArmedFault): string {
  const { id, operationId } = blocker;
  return `operationId: fault ${id} applies to every ${operationId} request until cleared (it has no times), so this one would never apply; clear it first (DELETE /__reference/faults or POST /__reference/reset), or give it times when you arm it`;
}

/** 1xx, 204 and 304 answers have no body (RFC 9110 §6.4.1). */
const carriesBody = (status: number) => status >= 200 && status !== 204 && status !== 304;

/** The faults armed on one server, and the hooks that apply them. */
export class FaultInjector {
  /**
   * @param familyOf the family of an operation (from the routes of the specs): an injected
   *   answer's default body is in that vendor's error envelope.
   */
  constructor(private readonly familyOf: (operationId: OperationId) => 'capillary' | 'fabric') {}

  #armed: ArmedFault[] = [];
  #nextId = 1;
  /** Faults taken by a request whose real answer they change later (body, delay). */
  readonly #pending = new WeakMap<HookRequest, ArmedFault>();

  arm(fault: FaultSpec): ArmedFault {
    const armed: ArmedFault = { id: this.#nextId++, ...fault, remaining: fault.times ?? null };
    this.#armed.push(armed);
    return armed;
  }

  list(): readonly ArmedFault[] {
    return this.#armed;
  }

  /** Clears every armed fault; returns how many there were. */
  clear(): number {
    const count = this.#armed.length;
    this.#armed = [];
    return count;
  }

  /**
   * `inner` with the armed faults on top. A request takes the oldest fault armed for its
   * operation (one per request, counted down as it is taken). A status or drop answers before
   * authentication, so the ledger never sees the request (a gateway failing in front of the
   * provider; a client retrying it cannot double-apply); a body or delay alone lets the provider
   * answer (the ledger applies it) and changes or delays that answer after `inner.reply`.
   */
  hooks(inner: ReferenceHooks): ReferenceHooks {
    return {
      ...inner,
      intercept: (operationId, request) => {
        const fault = this.#take(operationId);
        if (fault && (fault.drop || fault.status !== undefined)) return this.#answerEarly(fault, request);
        if (fault) this.#pending.set(request, fault);
        return inner.intercept?.(operationId, request);
      },
      reply: (operationId, reply, request) => {
        const answer = inner.reply ? inner.reply(operationId, reply, request) : reply;
        const fault = this.#pending.get(request);
        if (!fault) return answer;
        this.#pending.delete(request);
        return settle(fault.delayMs, request.socket).then(async () => {
          const real = await answer;
          const changed = 'body' in fault ? { status: real.status, body: fault.body } : real;
          return { ...changed, faultId: fault.id };
        });
      },
    };
  }

  /** `GET` (or HEAD), `POST` or `DELETE /__reference/faults`; undefined for another method. */
  async handle(req: IncomingMessage): Promise<Reply | undefined> {
    if (methodServed(req) === 'GET') {
      req.resume();
      return { status: 200, body: { faults: this.#armed } };
    }
    if (req.method === 'DELETE') {
      req.resume();
      return { status: 200, body: { status: 'cleared', cleared: this.clear() } };
    }
    if (req.method !== 'POST') return undefined;
    const parsed = await readJsonBody(req);
    if (parsed.kind !== 'json') {
      const why = parsed.kind === 'malformed' ? `it is not JSON: ${parsed.reason}` : `it is ${parsed.kind}`;
      return {
        status: parsed.kind === 'too-large' ? 413 : 400,
        body: { error: `expected a fault as a JSON body; ${why}` },
      };
    }
    const outcome = parseFault(parsed.value);
    if (!outcome.ok) return { status: 400, body: { error: outcome.error } };
    const blocker = this.#armed.find(
      (f) => f.operationId === outcome.fault.operationId && f.remaining === null,
    );
    if (blocker) return { status: 409, body: { error: shadowed(blocker) } };
    return { status: 201, body: { status: 'armed', id: this.arm(outcome.fault).id } };
  }

  #take(operationId: OperationId): ArmedFault | undefined {
    const index = this.#armed.findIndex((fault) => fault.operationId === operationId);
    if (index < 0) return undefined;
    const fault = this.#armed[index]!;
    if (fault.remaining !== null && --fault.remaining === 0) this.#armed.splice(index, 1);
    return fault;
  }

  async #answerEarly(fault: ArmedFault, request: HookRequest): Promise<Reply> {
    await settle(fault.delayMs, request.socket);
    return { ...this.#earlyReply(fault, request), faultId: fault.id };
  }

  #earlyReply(fault: ArmedFault, request: HookRequest): Reply {
    if (fault.drop) {
      request.socket.destroy();
      return { status: 0, body: undefined };
    }
    const status = fault.status!;
    if (!carriesBody(status)) {
      // No body and no content headers: a 1xx goes out as an interim answer with no final one after it.
      return { status, body: undefined, rawBody: '', headers: { 'content-type': '', 'content-length': '' } };
    }
    if ('body' in fault) return { status, body: fault.body };
    const message = `injected fault ${fault.id}: ${fault.operationId} answers ${status} (POST /__reference/faults)`;
    return errorReply(this.familyOf(fault.operationId), status, status, message);
  }
}

/**
 * Resolves after `ms`, or as soon as the connection closes (a client that gave up, a server
 * closing): a long delay never outlives its connection nor holds a closing server open.
 */
function settle(ms: number | undefined, socket: Socket): Promise<void> {
  if (!ms || socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.once('close', done);
  });
}
