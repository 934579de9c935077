/**
 * The JUnit report's XML, through xmlbuilder2 (XML goes through a library, never by hand). One
 * adjustment: xmlbuilder2 passes text that looks like an entity reference (`&foo;`, `&amp;`)
 * through as one, so `&foo;` from a target would make junit.xml unparseable; every `&` is escaped
 * first, and the library then leaves the `&amp;` it sees as it is. Control characters are shown
 * as `\u001b` escapes; the other characters XML 1.0 cannot carry (lone surrogates, U+FFFE, U+FFFF)
 * become U+FFFD (`invalidCharReplacement`).
 */
import { create } from 'xmlbuilder2';
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

const ampersands = (text: string) => showControls(text, true).replaceAll('&', '&amp;');
const attributesOf = (attributes: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key, ampersands(value)]));

function element(builder: Builder): XmlElement {
  return {
    ele: (name, attributes = {}) => element(builder.ele(name, attributesOf(attributes))),
    txt(text) {
      builder.txt(ampersands(text));
      return this;
    },
  };
}

/** A new document (one root element). */
export function xmlDocument(): XmlDocument {
  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' });
  return {
    ele: (name, attributes = {}) => element(doc.ele(name, attributesOf(attributes))),
    end: () => doc.end({ prettyPrint: true }),
  };
}
