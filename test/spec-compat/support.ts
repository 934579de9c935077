/** An OpenAPI document parsed from YAML, changed by a test into a provider's document. */
// biome-ignore lint/suspicious/noExplicitAny: an edit reaches into any field of the document
export type EditableDocument = Record<string, any>;
