/**
 * An Apex exception (System.TypeException, System.JSONException, System.DmlException …): what the
 * vendor's catch blocks map to the page's envelope, and what the platform turns into its own 500
 * array when one escapes.
 */
export class ApexException extends Error {
  constructor(
    readonly type: string,
    message: string,
    /** A DmlException's status code (DUPLICATE_VALUE, UNABLE_TO_LOCK_ROW, NUMBER_OUTSIDE_VALID_RANGE). */
    readonly statusCode?: string,
  ) {
    super(message);
    this.name = type;
  }
}

/** The vendor's own `CapillaryException`: a page's code and the HTTP status the vendor chose for it. */
export class VendorException extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'VendorException';
  }
}
