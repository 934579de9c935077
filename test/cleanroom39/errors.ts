/**
 * The two kinds of error a handler meets: an ORA- error the database raised (caught by the
 * handler's exception block and mapped to a page's answer, or left to ORDS' 555 page), and the
 * vendor's own RAISE_APPLICATION_ERROR carrying the page's code and the status it chose.
 */
export class OraError extends Error {
  constructor(
    readonly oraCode: number,
    message: string,
  ) {
    super(`ORA-${String(oraCode).padStart(5, '0')}: ${message}`);
    this.name = 'OraError';
  }
}

/** A page's error code, raised by the vendor's PL/SQL and written in the page's envelope. */
export class VendorError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** The HTTP status the vendor mapped the code to. */
    readonly status: number,
  ) {
    super(message);
    this.name = 'VendorError';
  }
}
