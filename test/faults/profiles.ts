/**
 * Profiles other than config/reference.yaml for faults and variants: a file of its own (the
 * minimal profile), or an edit of the reference profile (credentials swapped, a pre-issued token,
 * another error status). An edit is written to a temporary file, since `conform` reads a path.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';

/** A profile document as parsed from YAML, before interpolation. */
// biome-ignore lint/suspicious/noExplicitAny: an edit reaches into any field of the YAML document
export type ProfileDocument = Record<string, any>;

/** Where a run's profile comes from: a file, or an edit of the reference profile. */
export type ProfileSource = { readonly file: string } | { readonly edit: (profile: ProfileDocument) => void };

/** A profile of `test/faults/profiles/`. */
export const profileFile = (name: string): ProfileSource => ({
  file: fileURLToPath(new URL(`./profiles/${name}`, import.meta.url)),
});

/** The reference profile's text and document as last parsed: see {@link referenceDocument}. */
let parsedReference: { readonly text: string; readonly document: ProfileDocument } | undefined;

/**
 * The reference profile as parsed from YAML, a fresh copy the caller may edit. Parsed once while
 * its text stays the same: a variant's run with an edited profile parsed the file three times (its
 * scope, its edit, the copy it compares with), 4 ms each, where a copy of the parse takes 0.04 ms.
 */
export function referenceDocument(): ProfileDocument {
  const text = readFileSync(REFERENCE_PROFILE_PATH, 'utf8');
  if (parsedReference?.text !== text)
    parsedReference = { text, document: YAML.parse(text) as ProfileDocument };
  return structuredClone(parsedReference.document);
}

/** The profile document a source gives, as parsed from YAML before interpolation. */
export function documentOf(source: ProfileSource): ProfileDocument {
  if ('file' in source) return YAML.parse(readFileSync(source.file, 'utf8')) as ProfileDocument;
  const document = referenceDocument();
  source.edit(document);
  return document;
}

/** The path `conform` reads for a profile source. */
export function profilePathOf(source: ProfileSource): string {
  if ('file' in source) return source.file;
  const document = documentOf(source);
  const path = join(mkdtempSync(join(tmpdir(), 'lc-profile-')), 'profile.yaml');
  writeFileSync(path, YAML.stringify(document, { aliasDuplicateObjects: false }));
  return path;
}

/** Each org of the reference profile, for edits. */
export const orgsOf = (profile: ProfileDocument): ProfileDocument[] => profile.capillary.orgs;

/** The reference profile with each org's `auth` and `alternateAuth` swapped: OAuth first, Basic judged as the alternate. */
export const oauthFirst: ProfileSource = {
  edit: (profile) => {
    for (const org of orgsOf(profile)) [org.auth, org.alternateAuth] = [org.alternateAuth, org.auth];
  },
};

/**
 * The reference profile declaring, in each org, a store and till the target knows
 * (`fixtures.source`): the unlock's source fields carry them instead of the example's 1122 and 323.
 */
export const declaringSource = (source: { storeId: number; tillId: number }): ProfileSource => ({
  edit: (profile) => {
    for (const org of orgsOf(profile)) org.fixtures.source = { ...source };
  },
});

/**
 * The reference profile declaring values the fabric tenant knows (`fabric.fixtures.member`:
 * `reasonCode`, `pointType`), carried instead of the example's.
 */
export const declaringMember = (values: { reasonCode?: string; pointType?: string }): ProfileSource => ({
  edit: (profile) => Object.assign(profile.fabric.fixtures.member, values),
});
