import { type Decimal, parseDecimal } from './decimal.ts';

/**
 * Ecto's casting and validation as the service's schemaless changesets use them: each field cast
 * by its type, errors collected per field as messages, and a changeset with errors answered by the
 * FallbackController as 422 `{"errors":{"field":["is invalid"]}}`.
 */
export class ChangesetError extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super('invalid changeset');
  }
}

/** A Capillary error the pages document: answered in the envelope with its code. */
export class CapillaryError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type FieldType = 'string' | 'integer' | 'decimal' | 'boolean' | 'date' | 'integers' | 'strings' | 'id';

const INVALID = Symbol('invalid');

/** Ecto.Type.cast/2 of one value; `id` is the service's own type for a bill number (a string or an integer). */
function castOne(type: FieldType, value: unknown): unknown {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : INVALID;
    case 'id':
      return typeof value === 'string' ? value : Number.isSafeInteger(value) ? String(value) : INVALID;
    case 'integer':
      if (Number.isSafeInteger(value)) return value;
      return typeof value === 'string' && /^[+-]?\d{1,15}$/.test(value) ? Number(value) : INVALID;
    case 'decimal':
      return typeof value === 'boolean' ? INVALID : (parseDecimal(value) ?? INVALID);
    case 'boolean':
      // Only the words: the service's StrictBoolean type refuses Ecto's "1" and "0".
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : INVALID;
    case 'date': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return INVALID;
      const d = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value) ? value : INVALID;
    }
    case 'integers':
      if (!Array.isArray(value)) return INVALID;
      return value.every((v) => Number.isSafeInteger(v) || (typeof v === 'string' && /^\d{1,15}$/.test(v)))
        ? value.map(Number)
        : INVALID;
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : INVALID;
  }
}

export interface Cast {
  readonly changes: Record<string, unknown>;
  readonly errors: Record<string, string[]>;
}

/**
 * cast/4: each declared field present in `params` is cast; "" and nil count as absent where
 * `emptyValues` says so (Ecto's default `[""]`). Undeclared params are dropped.
 */
export function cast(
  params: Record<string, unknown>,
  types: Record<string, FieldType>,
  emptyValues: readonly unknown[] = [''],
): Cast {
  const changes: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  for (const [field, type] of Object.entries(types)) {
    if (!Object.hasOwn(params, field)) continue;
    const value = params[field];
    if (value === null || value === undefined || emptyValues.includes(value)) continue;
    const cast = castOne(type, value);
    if (cast === INVALID) errors[field] = ['is invalid'];
    else changes[field] = cast;
  }
  return { changes, errors };
}

export function addError(errors: Record<string, string[]>, field: string, message: string): void {
  errors[field] = [...(errors[field] ?? []), message];
}

/** Repo.insert/update's refusal of a changeset with errors. */
export function applyOrRaise(c: Cast): Record<string, unknown> {
  if (Object.keys(c.errors).length > 0) throw new ChangesetError(c.errors);
  return c.changes;
}

export type { Decimal };
