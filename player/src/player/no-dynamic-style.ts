// Imported before video.js (see vjs.ts): video.js would otherwise add <style> elements, which
// the page's CSP (style-src 'self') refuses. player.css sizes the player instead.
declare global {
  interface Window {
    VIDEOJS_NO_DYNAMIC_STYLE?: boolean;
  }
}

window.VIDEOJS_NO_DYNAMIC_STYLE = true;

export {};
