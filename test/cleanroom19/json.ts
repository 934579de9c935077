/**
 * JSON as Jackson writes a BigDecimal: a number with its scale kept (`100.00`, `0.500`), which
 * JSON.stringify cannot write. A figure is a {@link Decimal} in the value; the writer puts its text in
 * place unquoted. Keys keep their insertion order, which is this vendor's (not the pages' examples').
 */
export class Decimal {
  constructor(readonly text: string) {}
}

const MARK = '\u0001dec:';

export function writeJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Decimal ? MARK + v.text : v));
  return text.replace(/"\\u0001dec:([-0-9.]+)"/g, '$1');
}
