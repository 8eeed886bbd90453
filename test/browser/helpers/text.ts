const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for an HTML attribute value in double quotes. */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}
