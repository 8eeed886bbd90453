/**
 * XML text → a plain tree of objects: the only importer of fast-xml-parser (BBB answers, CAS
 * validation answers). Values stay text (ids such as `meetingID` can be all digits); attributes
 * are `@_name`, mixed text is `#text`. Callers name the elements that repeat, so that one or zero
 * occurrences still read as arrays.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

export interface XmlTreeOptions {
  /** Dotted element paths (`response.recordings.recording`) that are always arrays. */
  readonly arrayPaths?: ReadonlySet<string>;
  /** Drop namespace prefixes (`cas:user` → `user`), for dialects whose prefixes vary. */
  readonly removeNamespacePrefixes?: boolean;
  /** Decode character references (`&#233;`, `&#x1F600;`) in text and attribute values. */
  readonly decodeCharacterReferences?: boolean;
}

export interface XmlTreeReader {
  /** The document's tree, or null when the text is empty or not well-formed XML. */
  parse(text: string): XmlNode | null;
}

export function createXmlTreeReader(options: XmlTreeOptions = {}): XmlTreeReader {
  const arrayPaths = options.arrayPaths ?? new Set<string>();
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    removeNSPrefix: options.removeNamespacePrefixes ?? false,
    processEntities: true,
    htmlEntities: options.decodeCharacterReferences ?? false,
    jPath: true,
    isArray: (_name, jPath) => arrayPaths.has(String(jPath)),
  });
  return {
    parse(text) {
      const trimmed = text.trim();
      if (trimmed === '' || XMLValidator.validate(trimmed) !== true) return null;
      const root: unknown = parser.parse(trimmed);
      return root !== null && typeof root === 'object' ? (root as XmlNode) : null;
    },
  };
}
