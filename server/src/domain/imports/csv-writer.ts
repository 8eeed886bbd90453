/**
 * CSV as the importers read it back: `;`-separated (tags and lists hold commas), CRLF line
 * ends, RFC 4180 quotes where a value needs them, a `#` header line. Pure.
 */
export const EXPORT_DELIMITER = ';';

function quoted(value: string): string {
  const needsQuotes = /[";\r\n]/.test(value) || value !== value.trim() || value.startsWith('#');
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatCsvLine(values: readonly string[]): string {
  return values.map(quoted).join(EXPORT_DELIMITER);
}

/** The header line (`#` then the column names) and the rows, each ending with CRLF. */
export function formatCsv(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`#${formatCsvLine(columns)}`, ...rows.map(formatCsvLine)].map((line) => `${line}\r\n`).join('');
}
