/**
 * The start of a value's JSON text, for evidence that quotes only its first characters. A target's
 * answer may be a megabyte of JSON, and a schema issue at its root quotes it: JSON.stringify of the
 * whole answer for 80 characters, for each issue of each of a run's exchanges, was the largest
 * cost of a run against such a target (hostile hunt 59). Written value by value, without
 * recursion (nothing walks a target's data recursively), and stopped once past `max` characters.
 */

/** An array or object being written: its entries still to write, and the bracket that closes it. */
interface Open {
  readonly entries: Iterator<readonly [string | undefined, unknown]>;
  readonly close: string;
  first: boolean;
}

/** An array's items (no key), lazily: a long list is never copied. */
function* itemsOf(list: readonly unknown[]): Generator<readonly [undefined, unknown]> {
  for (const item of list) yield [undefined, item];
}

/** An object's own members, lazily, as JSON.stringify lists them (undefined ones left out). */
function* membersOf(record: Record<string, unknown>): Generator<readonly [string, unknown]> {
  for (const key in record) {
    if (Object.hasOwn(record, key) && record[key] !== undefined) yield [key, record[key]];
  }
}

/**
 * JSON.stringify(value) up to `max` characters or a little more (the caller cuts), the same
 * characters as far as it goes. Values JSON.parse makes only: no `toJSON`, no cycles.
 */
export function jsonStart(value: unknown, max: number): string {
  let out = '';
  const open: Open[] = [];
  const write = (item: unknown, inList: boolean) => {
    if (Array.isArray(item)) {
      out += '[';
      open.push({ entries: itemsOf(item), close: ']', first: true });
    } else if (typeof item === 'object' && item !== null) {
      out += '{';
      open.push({ entries: membersOf(item as Record<string, unknown>), close: '}', first: true });
    } else {
      // An undefined list item is written null, as JSON.stringify does.
      out += JSON.stringify(item) ?? (inList ? 'null' : '');
    }
  };
  write(value, false);
  while (open.length > 0 && out.length <= max) {
    const top = open[open.length - 1]!;
    const next = top.entries.next();
    if (next.done) {
      out += top.close;
      open.pop();
      continue;
    }
    const [key, item] = next.value;
    out += top.first ? '' : ',';
    top.first = false;
    if (key !== undefined) out += `${JSON.stringify(key)}:`;
    write(item, key === undefined);
  }
  return out;
}
