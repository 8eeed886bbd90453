import { POD_COLLECTIONS, type PodUrls } from './pod-urls.js';

/** DRF DefaultRouter's API root: each resource's name and list URL. Pure. */
export function presentRoot(urls: PodUrls): Record<string, string> {
  return Object.fromEntries(POD_COLLECTIONS.map((collection) => [collection, urls.rest(collection)]));
}
