import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const specsDir = path.join(repoRoot, 'specs');
const seedsDir = path.resolve(repoRoot, '../shared/seeds');
const seedsPresent = existsSync(seedsDir);

interface Requirement {
  id: string;
  title: string;
  level: 'MUST' | 'SHOULD';
  operations: string[];
  source: { document: string; section: string };
  rule: string;
  errorCode?: number;
  appliesWhen?: string;
  tags: string[];
  blackBox: boolean;
  whyNot?: string;
}

interface Catalogue {
  version: number;
  documents: Record<string, { title: string; url?: string }>;
  requirements: Requirement[];
}

const readYaml = (file: string): unknown => YAML.parse(readFileSync(path.join(specsDir, file), 'utf8'));

const catalogue = readYaml('requirements.yaml') as Catalogue;
const schema = JSON.parse(readFileSync(path.join(specsDir, 'requirements.schema.json'), 'utf8')) as object;
const seedErrorCodes = readYaml('seed-error-codes.yaml') as Record<string, number[]>;

/**
 * The catalogue document (public page) each seed document is a copy of. The seeds stay in the
 * project's private folder: the catalogue cites the public pages only.
 */
const SEED_DOCUMENT: Record<string, string> = {
  'capillary-negative-points-adjustment.txt': 'capillary-npa',
  'capillary-unlock-promised-points.txt': 'capillary-upp',
  'capillary-points-balance.txt': 'capillary-bal',
  'fabric-points-adjustment.txt': 'fabric-adj',
};

/** The operation whose error table each seed document is (the fabric document has none). */
const SEED_OPERATION: Record<string, string> = {
  'capillary-negative-points-adjustment.txt': 'negativePointsAdjustment',
  'capillary-unlock-promised-points.txt': 'unlockPromisedPoints',
  'capillary-points-balance.txt': 'getPointsBalance',
};

/** The operation a requirement ID's area stands for (areas AUTH and GEN span several). */
const AREA_OPERATION: Record<string, string> = {
  NPA: 'negativePointsAdjustment',
  UPP: 'unlockPromisedPoints',
  BAL: 'getPointsBalance',
  ADJ: 'adjustMemberPoints',
  INQ: 'inquireMemberPoints',
};

const SPEC_FILES = { capillary: 'capillary-points.v2.yaml', fabric: 'fabric-loyalty.v1.yaml' } as const;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface SpecOperation {
  family: keyof typeof SPEC_FILES;
  errorCodes: number[];
}

/** operationId → family and the codes of its `x-error-codes`, over both spec files. */
function loadSpecOperations(): Map<string, SpecOperation> {
  const operations = new Map<string, SpecOperation>();
  for (const [family, file] of Object.entries(SPEC_FILES) as [keyof typeof SPEC_FILES, string][]) {
    const spec = readYaml(file) as { paths?: Record<string, Record<string, unknown>> };
    for (const pathItem of Object.values(spec.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const operation = pathItem[method] as
          | { operationId?: string; 'x-error-codes'?: { code: number }[] }
          | undefined;
        if (operation?.operationId) {
          const errorCodes = (operation['x-error-codes'] ?? []).map((entry) => entry.code);
          operations.set(operation.operationId, { family, errorCodes });
        }
      }
    }
  }
  return operations;
}

const ERROR_HEADING = /^(API Error Codes|API Specific Error Code|Error Code)\s*$/;
// NPA and balance tables: `8906 | description | reason |`; the unlock table has no separators:
// `82323277No bill found ...`, so the code is the digits up to the first non-digit.
const ERROR_ROW = /^(\d{3,})\s*(?:\||[A-Za-z])/;

/**
 * The error codes of a seed document's error table: the rows after the error-code heading, up to
 * the first line after the rows that is not a row. Codes elsewhere in the text (example bodies,
 * identifiers in URLs) are not taken.
 */
function extractSeedErrorCodes(text: string): number[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const heading = lines.findIndex((line) => ERROR_HEADING.test(line));
  if (heading < 0) return [];
  const codes: number[] = [];
  for (const line of lines.slice(heading + 1)) {
    const row = ERROR_ROW.exec(line);
    if (row?.[1]) codes.push(Number(row[1]));
    else if (codes.length > 0 && line !== '') break;
  }
  return codes;
}

describe('requirement catalogue', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  const ids = catalogue.requirements.map((requirement) => requirement.id);

  it('validates against requirements.schema.json', () => {
    const valid = validate(catalogue);
    expect(valid, ajv.errorsText(validate.errors, { separator: '\n' })).toBe(true);
  });

  it('rejects an entry with a malformed id, an unknown level or blackBox false without whyNot', () => {
    const { whyNot: _whyNot, ...good } = catalogue.requirements.find((requirement) => requirement.blackBox)!;
    const broken: Record<string, unknown>[] = [
      { ...good, id: 'cap-npa-8907' },
      { ...good, level: 'MAY' },
      { ...good, blackBox: false },
      { ...good, whyNot: 'a reason on an entry that is testable' },
      { ...good, operations: [] },
      { ...good, unknownField: 1 },
    ];
    expect(validate({ ...catalogue, requirements: [good] }), ajv.errorsText(validate.errors)).toBe(true);
    for (const entry of broken) {
      expect(validate({ ...catalogue, requirements: [entry] }), `accepted ${JSON.stringify(entry)}`).toBe(
        false,
      );
    }
  });

  it('requires a public url for every document but the own choice, and refuses private file names', () => {
    const npa = catalogue.documents['capillary-npa']!;
    const good = catalogue.requirements[0]!;
    const broken: [string, unknown][] = [
      [
        'a document without url',
        { ...catalogue, documents: { ...catalogue.documents, x: { title: 'Page x' } } },
      ],
      [
        'a document with a file',
        { ...catalogue, documents: { ...catalogue.documents, x: { ...npa, file: 'x.txt' } } },
      ],
      [
        'an http url',
        { ...catalogue, documents: { ...catalogue.documents, x: { ...npa, url: 'http://x' } } },
      ],
      ['the own choice with a url', { ...catalogue, documents: { ...catalogue.documents, choice: npa } }],
      [
        'a title naming a file',
        { ...catalogue, documents: { ...catalogue.documents, x: { ...npa, title: 'x.txt' } } },
      ],
      ...['DESIGN.md: auth', 'seeds: Prerequisites', 'fabric-points-adjustment.txt', 'see shared/notes'].map(
        (section): [string, unknown] => [
          `section "${section}"`,
          { ...catalogue, requirements: [{ ...good, source: { ...good.source, section } }] },
        ],
      ),
      [
        'a rule naming a private file',
        {
          ...catalogue,
          requirements: [{ ...good, rule: 'As the seed document says, the call is rejected with 8907.' }],
        },
      ],
    ];
    for (const [what, document] of broken) expect(validate(document), `accepted ${what}`).toBe(false);
    expect(
      validate({ ...catalogue, documents: { ...catalogue.documents, choice: { title: 'Our own choice' } } }),
    ).toBe(true);
  });

  it('has at least 50 entries', () => {
    expect(catalogue.requirements.length).toBeGreaterThanOrEqual(50);
  });

  it('gives every entry a unique id', () => {
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(duplicates, `duplicate requirement ids: ${duplicates.join(', ')}`).toEqual([]);
  });

  it('names only source documents it declares', () => {
    const unknown = catalogue.requirements
      .filter((requirement) => !(requirement.source.document in catalogue.documents))
      .map((requirement) => `${requirement.id} → ${requirement.source.document}`);
    expect(unknown, `entries naming an undeclared document: ${unknown.join(', ')}`).toEqual([]);
  });

  it('uses the error code as the id suffix of an error-code requirement', () => {
    const mismatched = catalogue.requirements
      .filter((requirement) => {
        const suffix = /-(\d+)$/.exec(requirement.id)?.[1];
        return suffix !== undefined && Number(suffix) !== requirement.errorCode;
      })
      .map((requirement) => `${requirement.id} (errorCode ${requirement.errorCode ?? 'missing'})`);
    expect(mismatched, `ids whose numeric suffix is not their errorCode: ${mismatched.join(', ')}`).toEqual(
      [],
    );
  });

  describe('against the specs', () => {
    const specOperations = loadSpecOperations();

    it('names only operations the specs declare', () => {
      const unknown = catalogue.requirements.flatMap((requirement) =>
        requirement.operations
          .filter((operationId) => !specOperations.has(operationId))
          .map((operationId) => `${requirement.id} → ${operationId}`),
      );
      expect(unknown, `operations no spec declares: ${unknown.join(', ')}`).toEqual([]);
    });

    it("keeps each entry's operations inside its id's family and area", () => {
      const misplaced = catalogue.requirements.flatMap((requirement) => {
        const [family, area] = requirement.id.split('-');
        const problems: string[] = [];
        const expectedFamily = family === 'CAP' ? 'capillary' : family === 'FAB' ? 'fabric' : undefined;
        for (const operationId of requirement.operations) {
          const operationFamily = specOperations.get(operationId)?.family;
          if (expectedFamily && operationFamily && operationFamily !== expectedFamily) {
            problems.push(`${requirement.id}: ${operationId} is a ${operationFamily} operation`);
          }
        }
        const areaOperation = area === undefined ? undefined : AREA_OPERATION[area];
        if (areaOperation && !requirement.operations.includes(areaOperation)) {
          problems.push(`${requirement.id}: does not list ${areaOperation}`);
        }
        return problems;
      });
      expect(misplaced, misplaced.join('\n')).toEqual([]);
    });

    it("declares every catalogue error code in the spec's x-error-codes of its operations", () => {
      const missing = catalogue.requirements.flatMap((requirement) => {
        const { errorCode } = requirement;
        if (errorCode === undefined) return [];
        const area = requirement.id.split('-')[1];
        const operationId = area === undefined ? undefined : AREA_OPERATION[area];
        if (!operationId) return [];
        return specOperations.get(operationId)?.errorCodes.includes(errorCode)
          ? []
          : [`${requirement.id}: ${errorCode} not in x-error-codes of ${operationId}`];
      });
      expect(missing, missing.join('\n')).toEqual([]);
    });
  });

  describe('error codes of the seed documents', () => {
    const specOperations = loadSpecOperations();

    it('extracts codes only from the error table of a document', () => {
      const text = [
        'identifierValue=9876543210',
        '{ "billNumber": 16484 }',
        'API Specific Error Code',
        'Error CodeDescriptionReason',
        '1645Group details passed are not valid.',
        '82323284identifierName cannot be empty.',
        'Language',
        '12345 is not a code here',
      ].join('\n');
      expect(extractSeedErrorCodes(text)).toEqual([1645, 82323284]);
      expect(
        extractSeedErrorCodes('API Error Codes\nCode | Description |\n---|---|\n8906 | x | y |'),
      ).toEqual([8906]);
      expect(extractSeedErrorCodes('no table here\n8015 | not under a heading |')).toEqual([]);
    });

    it.skipIf(!seedsPresent)('matches the checked-in list with the codes in the seed documents', () => {
      for (const [file, listed] of Object.entries(seedErrorCodes)) {
        const text = readFileSync(path.join(seedsDir, file), 'utf8');
        const extracted = extractSeedErrorCodes(text);
        expect(
          [...extracted].sort((a, b) => a - b),
          `${file}: seed has [${extracted.join(', ')}], seed-error-codes.yaml has [${listed.join(', ')}]`,
        ).toEqual([...listed].sort((a, b) => a - b));
      }
    });

    it.skipIf(!seedsPresent)('lists every seed document', () => {
      const seeds = readdirSync(seedsDir).filter((file) => file.endsWith('.txt'));
      expect(Object.keys(seedErrorCodes).sort()).toEqual(seeds.sort());
      expect(Object.keys(SEED_DOCUMENT).sort()).toEqual(seeds.sort());
    });

    it('cites the public page of every seed document', () => {
      const missing = Object.entries(SEED_DOCUMENT)
        .filter(([, key]) => !catalogue.documents[key]?.url?.startsWith('https://'))
        .map(([file, key]) => `${file}: no public page under documents.${key}`);
      expect(missing, missing.join('\n')).toEqual([]);
    });

    it('has a catalogue entry for every seed error code of each operation', () => {
      const missing = Object.entries(seedErrorCodes).flatMap(([file, codes]) => {
        const operationId = SEED_OPERATION[file];
        if (codes.length > 0 && !operationId) return [`${file}: no operation is mapped to this document`];
        return codes
          .filter(
            (code) =>
              !catalogue.requirements.some(
                (requirement) =>
                  requirement.errorCode === code &&
                  operationId &&
                  requirement.operations.includes(operationId),
              ),
          )
          .map((code) => `${file}: no requirement with errorCode ${code} for ${operationId}`);
      });
      expect(missing, missing.join('\n')).toEqual([]);
    });

    it("declares every seed error code in the x-error-codes of the document's operation", () => {
      const missing = Object.entries(seedErrorCodes).flatMap(([file, codes]) => {
        const operationId = SEED_OPERATION[file];
        if (!operationId) return codes.map((code) => `${file}: ${code} has no operation`);
        const declared = specOperations.get(operationId)?.errorCodes ?? [];
        return codes
          .filter((code) => !declared.includes(code))
          .map((code) => `${file}: ${code} not in x-error-codes of ${operationId}`);
      });
      expect(missing, missing.join('\n')).toEqual([]);
    });
  });
});
