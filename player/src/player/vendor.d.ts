// Types for the two library builds the bundle uses on purpose (see vjs.ts and hls-engine.ts).

/** video.js core: no VHS/http-streaming engine (hls.js plays HLS), vtt.js included. */
declare module 'video.js/dist/alt/video.core.js' {
  import videojs from 'video.js';
  export default videojs;
}

/** hls.js light build: no subtitles, alternate audio, EME or CMCD, none of which Lectern uses. */
declare module 'hls.js/light' {
  export * from 'hls.js';
  import Hls from 'hls.js';
  export default Hls;
}
