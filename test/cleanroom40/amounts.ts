import { JsonInt, JsonReal, type JsonValue } from './jsoncpp.ts';
import { ApiError } from './lookup.ts';

/**
 * pointsToBeAdjusted as the vendor reads it from jsoncpp: a string kept as written, an Int64 as
 * its digits, a double as C++20 `std::to_chars` writes its shortest round trip (a JSON `5.00` is
 * the double 5: no decimals left to count). The text then goes to PostgreSQL as `$1::numeric`.
 */
export interface Amount {
  readonly text: string;
  readonly decimals: number;
}

const invalid = () => new ApiError(8888, 'points to be adjusted should be a number greater than 0');

export function readAmount(value: JsonValue | undefined): Amount {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof JsonInt) text = value.value.toString();
  else if (value instanceof JsonReal) text = shortest(value.value);
  else throw invalid();
  // The vendor's std::regex before std::stod, which would take "12abc", " 12", "1e2" and "0x1A".
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text)) throw invalid();
  if (/^[0.]+$/.test(text)) throw new ApiError(8888, 'points cannot be zero');
  return { text, decimals: text.split('.')[1]?.length ?? 0 };
}

/** std::to_chars(double): shortest round trip, fixed notation where it is shorter. */
function shortest(value: number): string {
  const js = String(value);
  if (!/e/i.test(js)) return js;
  // to_chars picks the shorter of fixed and scientific; JS writes 1e21 and 1e-7 alike in scientific.
  return js.replace('e+', 'e');
}
