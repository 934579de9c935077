import { BindError } from './binding.ts';
import type { Context } from './gin.ts';
import { GoMap } from './gojson.ts';

/**
 * The answers clean room twenty-two's Capillary handlers share: the documented error envelope for
 * a coded error (ErrorResponse{Errors []ErrorItem; Warnings []ErrorItem}, the warnings a nil slice
 * and so `null`), gin's `{"error": "…"}` for a binding error (no code), and the HTTP status of a
 * code: 404 for not found, 403 for 4000, 400 for the rest.
 */

const NOT_FOUND = new Set([8015, 82323277, 3918]);

export function capError(c: Context, status: number, code: number, message: string): void {
  c.json(status, { errors: [{ status: false, code, message }], warnings: null });
}

/** A coded error at the status its kind takes. */
export function coded(c: Context, code: number, message: string): void {
  capError(c, NOT_FOUND.has(code) ? 404 : 400, code, message);
}

/** A handler's body, with a binding error answered as gin's handlers answer it. */
export function bound(c: Context, run: () => void): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof BindError)) throw e;
    c.json(400, new GoMap({ error: e.message }));
  }
}
