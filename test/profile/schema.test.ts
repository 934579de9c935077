import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { PROFILE_SCHEMA_PATH } from '../../src/profile/schema.ts';

const schema = JSON.parse(readFileSync(PROFILE_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;

type Node = Record<string, unknown>;

/** Every property schema (`properties` entries, `prefixItems`, `$defs`) with its location. */
function propertySchemas(node: unknown, at: string, found: [string, Node][] = []): [string, Node][] {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) propertySchemas(item, `${at}/${index}`, found);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      // Conditions (`if`) are not where editors look for documentation.
      if (key === 'if') continue;
      if ((key === 'properties' || key === '$defs') && value && typeof value === 'object') {
        for (const [name, sub] of Object.entries(value)) found.push([`${at}/${key}/${name}`, sub as Node]);
      }
      if (key === 'prefixItems' && Array.isArray(value)) {
        for (const [index, sub] of value.entries()) found.push([`${at}/prefixItems/${index}`, sub as Node]);
      }
      propertySchemas(value, `${at}/${key}`, found);
    }
  }
  return found;
}

/** Every object schema that declares properties. */
function objectSchemas(node: unknown, at: string, found: [string, Node][] = []): [string, Node][] {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) objectSchemas(item, `${at}/${index}`, found);
  } else if (node !== null && typeof node === 'object') {
    if ('properties' in node && (node as Node).type === 'object') found.push([at, node as Node]);
    for (const [key, value] of Object.entries(node)) objectSchemas(value, `${at}/${key}`, found);
  }
  return found;
}

describe('config/profile.schema.json', () => {
  it('is a valid draft 2020-12 schema that ajv compiles in strict mode', () => {
    // strictRequired stays off (ajv's default): `then: { required: [primaryIdentifier] }` names a
    // property its parent schema defines, which is correct JSON Schema.
    const ajv = new Ajv2020({ strict: true, strictRequired: false, discriminator: true });
    ajv.addKeyword({ keyword: 'x-expected', schemaType: 'string' });
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('gives every property a title and a description for editors', () => {
    const missing = propertySchemas(schema, '#')
      .filter(([, node]) => typeof node.title !== 'string' || typeof node.description !== 'string')
      .map(([at]) => at);
    expect(missing).toEqual([]);
  });

  it('closes every object so a typo is caught', () => {
    const open = objectSchemas(schema, '#')
      .filter(([at]) => !at.endsWith('/if'))
      .filter(([, node]) => node.additionalProperties !== false)
      .map(([at]) => at);
    expect(open).toEqual([]);
  });
});
