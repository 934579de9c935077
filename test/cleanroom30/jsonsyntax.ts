/**
 * Where protojson's tokenizer stops on a malformed body: the index of the first character that
 * cannot continue a JSON text (the body's length when it ends too soon). JSON.parse in Node 20
 * does not always say where, and protojson reports `(line L:C)` with the token it met.
 */
export function syntaxErrorIndex(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i]! < ' ') fail();
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail();
    i += m![0].length;
  };
  const member = () => {
    ws();
    if (text[i] !== '"') fail();
    string();
    ws();
    if (text[i] !== ':') fail();
    i++;
    value();
  };
  const literals: Record<string, string> = { t: 'true', f: 'false', n: 'null' };
  const value = (): void => {
    ws();
    const c = text[i] ?? '';
    if (c === '{') container('}', member);
    else if (c === '[') container(']', value);
    else if (c === '"') string();
    else if (literals[c]) literal(literals[c]);
    else number();
  };
  const container = (close: string, member: () => void) => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      member();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === close) {
        i++;
        return;
      } else fail();
    }
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (at) {
    return Math.min(at as number, text.length);
  }
}
