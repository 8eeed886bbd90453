import { LANGUAGE_TAG } from './enrichment.js';

/** `pt-br` → `pt-BR`, `zh-hant` → `zh-Hant`, `FR` → `fr`; null when it is not a language tag we accept. */
export function normaliseLanguageTag(tag: string): string | null {
  const [language = '', subtag, ...rest] = tag.trim().replace(/_/g, '-').split('-');
  if (rest.length) return null;
  let result = language.toLowerCase();
  if (subtag !== undefined) {
    const region = /^[A-Za-z]{2}$/.test(subtag) || /^\d{3}$/.test(subtag);
    const script = /^[A-Za-z]{4}$/.test(subtag);
    result += `-${region ? subtag.toUpperCase() : script ? subtag[0]!.toUpperCase() + subtag.slice(1).toLowerCase() : subtag}`;
  }
  return LANGUAGE_TAG.test(result) ? result : null;
}

/**
 * ISO 639-2 codes (as containers tag their streams: `fre`, `fra`, `eng`) → the ISO 639-1 code
 * players and browsers use, for the languages a university's videos usually carry.
 */
const ISO_639_2: Record<string, string> = {
  fre: 'fr', fra: 'fr', eng: 'en', ger: 'de', deu: 'de', spa: 'es', ita: 'it', por: 'pt', dut: 'nl', nld: 'nl',
  ara: 'ar', chi: 'zh', zho: 'zh', jpn: 'ja', kor: 'ko', rus: 'ru', pol: 'pl', tur: 'tr', gre: 'el', ell: 'el',
  swe: 'sv', dan: 'da', nor: 'no', fin: 'fi', cze: 'cs', ces: 'cs', rum: 'ro', ron: 'ro', hun: 'hu', ukr: 'uk',
  heb: 'he', hin: 'hi', vie: 'vi', cat: 'ca', baq: 'eu', eus: 'eu', bre: 'br', oci: 'oc', cos: 'co', wel: 'cy', cym: 'cy',
};

/** A subtitle stream's language tag → our tag; null for none, `und` or something unusable. */
export function languageOfStream(tag: string | null): string | null {
  if (!tag) return null;
  const lower = tag.trim().toLowerCase();
  if (lower === '' || lower === 'und' || lower === 'mul' || lower === 'zxx') return null;
  return ISO_639_2[lower] ?? normaliseLanguageTag(lower);
}

/**
 * The language's name in `inLocale` (by default in the language itself: "Français",
 * "English", "Português (Brasil)"), capitalised; the tag when it has no name.
 */
const names = new Map<string, string>();

export function languageName(tag: string, inLocale: string = tag): string {
  // Building Intl.DisplayNames costs more than a listing's whole presentation: remember names
  // (a few hundred tag × locale pairs at most).
  const cacheKey = `${tag}|${inLocale}`;
  let name = names.get(cacheKey);
  if (name === undefined) {
    name = computeLanguageName(tag, inLocale);
    if (names.size < 10_000) names.set(cacheKey, name);
  }
  return name;
}

function computeLanguageName(tag: string, inLocale: string): string {
  try {
    const name = new Intl.DisplayNames([inLocale, 'en'], { type: 'language', fallback: 'none' }).of(tag);
    if (!name) return tag;
    return name.charAt(0).toLocaleUpperCase(inLocale) + name.slice(1);
  } catch {
    // Intl refuses tags it cannot parse: the tag itself is the best name we have.
    return tag;
  }
}
