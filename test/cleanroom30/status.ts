/**
 * gRPC status codes and how grpc-gateway maps them to HTTP, as this service's error handler does.
 * FAILED_PRECONDITION is 412 here (the service's own mapping, a runtime.WithErrorHandler): the
 * gateway's default would be 400.
 */
export const Code = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  UNAUTHENTICATED: 16,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

const HTTP: Record<Code, number> = { 3: 400, 5: 404, 7: 403, 9: 412, 10: 409, 12: 405, 16: 401 };

/** A documented Capillary error the status carries as its detail (the envelope's one item). */
export interface CapillaryDetail {
  readonly code: number;
  readonly message: string;
}

/** A failed RPC: a gRPC status, with the Capillary code when a page or DESIGN.md gives one. */
export class RpcError extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly capillary?: CapillaryDetail,
    /** false for the gateway's decoder errors, written without `details`. */
    readonly withDetails = true,
  ) {
    super(message);
  }
}

/** The documented Capillary codes, each with the gRPC status the service raises it under. */
const CAPILLARY: Record<number, { code: Code; message: string }> = {
  8003: { code: Code.INVALID_ARGUMENT, message: 'Invalid source' },
  8013: { code: Code.INVALID_ARGUMENT, message: 'Lookup,Invalid identifier passed' },
  8015: { code: Code.NOT_FOUND, message: 'Customer not found for the given identifiers' },
  8882: { code: Code.INVALID_ARGUMENT, message: 'reason of return is required' },
  8887: { code: Code.INVALID_ARGUMENT, message: 'programId is required with promotionIdentifier' },
  8888: { code: Code.INVALID_ARGUMENT, message: 'points cannot be zero' },
  8874: { code: Code.NOT_FOUND, message: 'invalid promotion id' },
  8877: { code: Code.NOT_FOUND, message: 'invalid pointsAwardedId' },
  9975: { code: Code.INVALID_ARGUMENT, message: 'invalid pointsAwardedRefType' },
  8906: { code: Code.INVALID_ARGUMENT, message: 'decimal places exceed the round decimals' },
  8907: { code: Code.FAILED_PRECONDITION, message: 'points to be deducted exceed the available points' },
  1218: { code: Code.FAILED_PRECONDITION, message: 'customer is not enrolled in the program' },
  4000: { code: Code.PERMISSION_DENIED, message: 'Access denied: the Points access group is required' },
  1645: { code: Code.INVALID_ARGUMENT, message: 'Group details passed are not valid.' },
  82323284: {
    code: Code.INVALID_ARGUMENT,
    message: 'identifierName, identifierValue, or source cannot be empty.',
  },
  82323277: { code: Code.NOT_FOUND, message: 'No bill found for given bill number.' },
  82323271: { code: Code.INVALID_ARGUMENT, message: 'Bill number missing.' },
  82323272: { code: Code.INVALID_ARGUMENT, message: 'Event name not found.' },
  82323276: { code: Code.INVALID_ARGUMENT, message: 'Entity type invalid.' },
  3918: { code: Code.NOT_FOUND, message: 'Error unlocking points: no eventLog found for given eventLogId.' },
  82323282: { code: Code.FAILED_PRECONDITION, message: 'No promise points found to unlock.' },
};

/** The error for a documented Capillary code, its message replaced where the page words one. */
export function capillaryError(code: keyof typeof CAPILLARY, message?: string): RpcError {
  const known = CAPILLARY[code]!;
  const text = message ?? known.message;
  return new RpcError(known.code, text, { code, message: text });
}

/** protoc-gen-validate's and the handlers' own refusals: INVALID_ARGUMENT, no Capillary code. */
export const invalid = (message: string) => new RpcError(Code.INVALID_ARGUMENT, message);

/** An answer on the wire. */
export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
}

export const json = (status: number, value: unknown): Answer => ({ status, body: JSON.stringify(value) });

/**
 * The service's error handler: a documented code in the Capillary envelope (protojson leaves the
 * item's `status: false` and the empty `warnings` out: a bool at false and an empty repeated field
 * are unpopulated), anything else as google.rpc.Status with its empty `details`.
 */
export function errorAnswer(error: RpcError): Answer {
  const status = HTTP[error.code];
  if (error.capillary)
    return json(status, { errors: [{ code: error.capillary.code, message: error.capillary.message }] });
  const body = { code: error.code, message: error.message };
  return json(status, error.withDetails ? { ...body, details: [] } : body);
}
