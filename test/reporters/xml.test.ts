import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xmlDocument } from '../../reporters/xml.ts';

/** Every character class the JUnit report may carry from a target: controls, surrogates, markup, entities. */
const HOSTILE = [
  'plain',
  'q"<>&\'\t\n\r end',
  Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join(''),
  'lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00, \uFFFE\uFFFF\uFFFD',
  ']]> <![CDATA[x]]> <!-- c --> & &#x1; &amp; &foo; &lt;',
];

describe('reporters/xml.ts', () => {
  it('writes hostile text and attributes as well-formed XML that reads back as the text (xmllint)', () => {
    const doc = xmlDocument();
    const root = doc.ele('testsuites', { name: 'r' });
    HOSTILE.forEach((text, i) => {
      root
        .ele('testcase', { name: text, id: String(i) })
        .ele('failure', { message: text })
        .txt(text);
    });
    const dir = mkdtempSync(join(tmpdir(), 'lc-xml-'));
    const path = join(dir, 'out.xml');
    writeFileSync(path, doc.end());
    // xmllint (Debian libxml2-utils, installed by the pretest step) refuses an undefined entity.
    expect(() => execFileSync('xmllint', ['--noout', path], { stdio: 'pipe' })).not.toThrow();
    const back = execFileSync('xmllint', ['--xpath', 'string(//testcase[@id="4"]/failure)', path], {
      encoding: 'utf8',
    });
    expect(back.replace(/\n$/, '')).toBe(HOSTILE[4]);
    // Tab, line feed and carriage return in an attribute are written as character references, so
    // a reader gets them back as they were, not as spaces (attribute-value normalisation).
    const attribute = execFileSync('xmllint', ['--xpath', 'string(//testcase[@id="1"]/@name)', path], {
      encoding: 'utf8',
    });
    expect(attribute.replace(/\n$/, '')).toBe(HOSTILE[1]);
  });

  it('shows control characters as escapes, as the console and summary.md do, not as U+FFFD', () => {
    const doc = xmlDocument();
    const text = 'a\u0000b \u001b[31mRED\u001b[0m\u007f\u0085 tab\tend';
    doc.ele('testsuites').ele('failure', { message: text }).txt(text);
    const xml = doc.end();
    const escaped = 'a\\u0000b \\u001b[31mRED\\u001b[0m\\u007f\\u0085 tab\tend';
    expect(xml).toContain(`message="${escaped.replace('\t', '&#x9;')}"`);
    expect(xml).toContain(`>${escaped}</failure>`);
    expect(xml).not.toContain('\uFFFD');
  });
});
