import request from 'supertest';
import type { Express } from 'express';

/**
 * A double of Moodle's repository_pod plugin (2.4.1 on Moodle 5.0), the outside system that calls
 * the Moodle bridge. It sends exactly the requests ../shared/specs/moodle-observed.md §8.2
 * recorded (`?&` start, JSON content type on GET, MoodleBot user agent, format=json) and parses
 * the answers as the plugin's PHP does (pod-compat.md §1.1, §1.3-§1.5): DRF pages rebuilt into
 * {page, results, pages, total} with the page size configured in Moodle, one picker entry per
 * `video_files` extension, `title . extension`, scheme + protocol-relative URLs, first/last
 * encoded file by quality mode, 404 → false.
 */
export interface PluginSettings {
  readonly apiKey: string;
  readonly pageSize: number;
  readonly extensions: string;
  readonly https: boolean;
  readonly qualityMode: 'lower' | 'best';
  /** The instance setting is unset (null) by default, which shows Pod thumbnails (quirk §8.4). */
  readonly thumbnail: null | 0 | 1;
}

export interface PickerEntry {
  readonly title: string;
  readonly source: number;
  readonly url: string;
  readonly thumbnail: string;
  readonly datemodified: number;
  readonly datecreated: number;
  readonly author: string;
  readonly size: null;
  readonly license: string;
  readonly extension: string;
}

export interface PickerListing {
  readonly total: number;
  readonly pages: number;
  readonly perpage: number;
  readonly page: number;
  readonly norefresh: true;
  readonly list: PickerEntry[];
  readonly searchtext?: string;
}

/** The exact headers Moodle's curl class sent (moodle-observed §8.2). */
function moodleHeaders(apiKey: string): Record<string, string> {
  return {
    Accept: '*/*',
    'Accept-Encoding': 'deflate, gzip, br, zstd',
    Authorization: `Token ${apiKey}`,
    'Content-Type': 'application/json',
    'User-Agent': 'MoodleBot/5.0 (+http://127.0.0.1:8080)',
  };
}

/** PHP's http_build_query: drops nulls, encodes like urlencode (spaces as +). */
function buildQuery(params: Record<string, string | number | null>): string {
  return Object.entries(params)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value)).replace(/%20/g, '+')}`)
    .join('&');
}

/** The fields of a user_videos item the plugin reads (PHP reads them loosely; so do we). */
interface PodItem {
  readonly id: number;
  readonly date_added: string;
  readonly date_evt?: string | null;
  readonly video_data: { mediatype: string; title: string; full_url: string; thumbnail: string; owner: string; video_files: Record<string, { extension: string }[]> | '' };
}

const strtotime = (text: string | null): number => (text ? Math.floor(Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`) / 1000) : NaN);

export class RepositoryPodPlugin {
  /** Every request the plugin made, as sent (path and query). */
  readonly requests: string[] = [];

  constructor(
    private readonly app: Express,
    private readonly settings: PluginSettings,
  ) {}

  /** execute_request(): GET; 404 → false; a DRF page → {page, results, pages, total}; else the JSON as is; bad JSON → false. */
  private async execute(pathWithQuestionMark: string, params: Record<string, string | number | null>, page: number | null = null): Promise<unknown> {
    const query = buildQuery(params);
    const url = query ? `${pathWithQuestionMark}&${query}` : pathWithQuestionMark;
    this.requests.push(url);
    const response = await request(this.app).get(url).set(moodleHeaders(this.settings.apiKey));
    if (response.status === 404) return false;
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return false;
    }
    if (body && typeof body === 'object' && !Array.isArray(body) && 'results' in body) {
      const drf = body as { count: number; results: unknown[] };
      return { page: page ?? 1, results: drf.results, pages: Math.ceil(drf.count / this.settings.pageSize), total: drf.count };
    }
    return body;
  }

  /** get_listing() / search(): Call A and the picker entries built from it; throws as the plugin does on `false`. */
  async listing(username: string, options: { search?: string; page?: number } = {}): Promise<PickerListing> {
    const page = options.page && options.page > 0 ? options.page : null;
    const result = await this.execute(
      '/rest/videos/user_videos/?',
      { username, format: 'json', encoding_in_progress: 'False', extensions: this.settings.extensions || null, search_title: options.search ?? null, page },
      page,
    );
    if (result === false) throw new Error('Pod server is not responding, please try later');
    const rebuilt = result as { page: number; results: unknown[]; pages: number; total: number };
    const isList = Object.keys(rebuilt).length === 4 && Array.isArray(rebuilt.results) && rebuilt.results.length > 0;
    const list = isList ? rebuilt.results.flatMap((item) => this.entriesOf(item as PodItem)) : [];
    return {
      total: isList ? rebuilt.total : 0,
      pages: isList ? rebuilt.pages : 0,
      perpage: this.settings.pageSize,
      page: isList ? rebuilt.page : 0,
      norefresh: true,
      list,
      ...(options.search !== undefined ? { searchtext: options.search } : {}),
    };
  }

  /** get_all_encoded_files(): one entry per extension, from the first file of each group. */
  private entriesOf(item: PodItem): PickerEntry[] {
    const data = item.video_data;
    if (data.mediatype !== 'audio' && data.mediatype !== 'video') return [];
    if (typeof data.video_files !== 'object' || data.video_files === null) return [];
    const scheme = this.settings.https ? 'https:' : 'http:';
    return Object.values(data.video_files).map((files) => {
      const file = files[0]!;
      return {
        title: `${data.title}${file.extension}`,
        source: item.id,
        url: `${scheme}${data.full_url}`,
        thumbnail: this.settings.thumbnail ? `icon:${file.extension}` : `${scheme}${data.thumbnail}`,
        datemodified: strtotime(item.date_added),
        datecreated: strtotime(item.date_evt ?? item.date_added),
        author: data.owner,
        size: null,
        license: '-',
        extension: file.extension,
      };
    });
  }

  /** send_file(): Call B; the URL Moodle redirects the browser to (302 Location). */
  async playbackUrl(videoId: number, moodleFileName: string): Promise<string> {
    const extension = moodleFileName.slice(moodleFileName.lastIndexOf('.') + 1);
    const mediatype = ['mp3', 'm4a', 'ogg', 'wav'].includes(extension) ? 'audio' : 'video';
    const files = await this.execute(`/rest/encodings_${mediatype}/${mediatype}_encodedfiles/?`, { format: 'json', video: videoId, extension });
    if (!Array.isArray(files) || files.length === 0) throw new Error('podfilenotfound');
    const chosen = this.settings.qualityMode === 'best' ? files[files.length - 1] : files[0];
    return chosen.source_file as string;
  }

  /** Enriched view mode: Call C, then the iframe URL the plugin builds. */
  async enrichedViewUrl(podUrl: string, videoId: number): Promise<string> {
    const detail = await this.execute(`/rest/videos/${videoId}/?format=json`, {});
    if (detail === false || typeof detail !== 'object' || detail === null) throw new Error('podfilenotfound');
    return `${podUrl}/video/${(detail as { slug: string }).slug}/?is_iframe=true`;
  }
}
