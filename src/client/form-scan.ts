/**
 * Telling whether a text holds one of a few fixed strings (a redactor's secret forms) in one pass
 * over the text. A run asks it of about 25 texts per exchange (URL, each header value, each
 * string, key and number of the bodies) and nearly none holds a secret: a substring search per
 * form cost a scan and a call per form and text; here a text is read once, each position looked
 * up by its first two characters, and only the forms starting with them are compared there.
 */

/** Whether a text contains one of the forms the scanner was made for. Exact: no false answer. */
export type FormScan = (text: string) => boolean;

/** A bucket key of a form or text position: its first two UTF-16 code units (a 32-bit integer). */
const pairKey = (first: number, second: number) => (first << 16) | second;

/**
 * Index of a pair in the prefilter bitmap: the low 6 bits of both units. A pair of no form is
 * mostly told by one byte read; one sharing a slot with a form's pair costs a bucket lookup.
 */
const pairSlot = (first: number, second: number) => ((first & 0x3f) << 6) | (second & 0x3f);

/** A scanner for `forms`; the empty string is never a form (it would match every text). */
export function createFormScan(forms: readonly string[]): FormScan {
  const nonEmpty = forms.filter((form) => form.length > 0);
  if (nonEmpty.length === 0) return () => false;
  const shortest = Math.min(...nonEmpty.map((form) => form.length));
  // A one-character form leaves no pair to look up: one substring search per form, as before.
  if (shortest < 2) return (text) => nonEmpty.some((form) => text.includes(form));

  const slots = new Uint8Array(0x1000);
  const buckets = new Map<number, string[]>();
  for (const form of nonEmpty) {
    const first = form.charCodeAt(0);
    const second = form.charCodeAt(1);
    slots[pairSlot(first, second)] = 1;
    const key = pairKey(first, second);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(form);
    else buckets.set(key, [form]);
  }
  return (text) => {
    // A form can start no later than here; a text shorter than every form holds none.
    const last = text.length - shortest;
    if (last < 0) return false;
    let second = text.charCodeAt(0);
    for (let at = 0; at <= last; at++) {
      const first = second;
      second = text.charCodeAt(at + 1);
      if (slots[pairSlot(first, second)] === 0) continue;
      const bucket = buckets.get(pairKey(first, second));
      if (bucket === undefined) continue;
      for (const form of bucket) if (text.startsWith(form, at)) return true;
    }
    return false;
  };
}
