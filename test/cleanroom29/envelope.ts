/**
 * The Capillary error envelope for the cases the pages give a code for, with the HTTP status this
 * service chose per code (the pages tie none): 404 for what is not found, 422 for a rule of the
 * ledger (8907, 82323282, 1218), 403 for the access group (4000), 400 for the rest.
 */
import { jsonResult, type PlayResult } from './play.ts';

const STATUS: Record<number, number> = {
  8015: 404,
  82323277: 404,
  3918: 404,
  8907: 422,
  82323282: 422,
  1218: 422,
  4000: 403,
};

export const capillaryError = (code: number, message: string): PlayResult =>
  jsonResult(STATUS[code] ?? 400, { errors: [{ status: false, code, message }], warnings: [] });

export const isResult = (v: unknown): v is PlayResult =>
  typeof v === 'object' && v !== null && 'status' in v && 'contentType' in v && 'body' in v;
