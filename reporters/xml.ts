/**
 * The JUnit report's XML, through xmlbuilder (XML goes through a library, never by hand). Its
 * string writer escapes as canonical XML does (`&`, `<`, `>` in text; `&`, `<`, `"`, tab, line
 * feed and carriage return in attributes, so that a reader gets them back instead of spaces), and
 * writes `&foo;` from a target as `&amp;foo;`. Control characters are shown as `\u001b` escapes;
 * the other characters XML 1.0 cannot carry (lone surrogates, U+FFFE, U+FFFF) become U+FFFD
 * (`invalidCharReplacement`).
 *
 * Not xmlbuilder2 (what this module used until 2026-12-05): it loads a whole DOM (about 160
 * modules, 1.1 MB of JavaScript, a YAML and a URL parser among them) to write this one document,
 * cold, about 4 % of the main job's CPU and 8 MiB of its peak RSS; xmlbuilder, its predecessor by
 * the same author, writes the same text from 40 small modules. docs/measured.md, "The main job's
 * wall time".
 */
import { create } from 'xmlbuilder';
import { showControls } from './control.ts';

/** An element under construction. */
export interface XmlElement {
  /** Appends a child element and returns it. */
  ele(name: string, attributes?: Readonly<Record<string, string>>): XmlElement;
  /** Sets the element's text (an element has either text or child elements). */
  txt(text: string): XmlElement;
}

/** A document: its root element, and the whole text once it is built. */
export interface XmlDocument {
  ele(name: string, attributes?: Readonly<Record<string, string>>): XmlElement;
  /** `<?xml version="1.0" encoding="UTF-8"?>` and the root, indented. */
  end(): string;
}

type Builder = ReturnType<typeof create>;

const shown = (text: string) => showControls(text, true);
const attributesOf = (attributes: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, shown(value)]));

function element(builder: Builder): XmlElement {
  return {
    ele: (name, attributes = {}) => element(builder.ele(name, attributesOf(attributes))),
    txt(text) {
      builder.txt(shown(text));
      return this;
    },
  };
}

/** A new document (one root element). */
export function xmlDocument(): XmlDocument {
  let root: Builder | undefined;
  return {
    ele(name, attributes = {}) {
      if (root) throw new Error(`an XML document has one root element: <${name}> after <${root.name}>`);
      root = create(
        name,
        { version: '1.0', encoding: 'UTF-8' },
        {},
        { invalidCharReplacement: '\uFFFD' },
      ).att(attributesOf(attributes));
      return element(root);
    },
    end: () => {
      if (!root) throw new Error('an XML document needs its root element before end()');
      return root.end({ pretty: true });
    },
  };
}
