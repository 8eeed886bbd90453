/** English texts of BigBlueButton recording imports: their error codes, and the imported video's description. */
export const bbbImportEn = {
  'bbbImport.videoDescription': 'Imported from the BigBlueButton recording of “{meeting}” on {date}.',
  'error.bbb_no_video_format':
    'This recording has no “video” playback format, so there is no video file to import. Its “presentation” format is a web player that redraws the slides, annotations, chat and webcams in the browser: it is not one file. The BigBlueButton administrator must enable the “video” format (the bbb-playback-video package) for future recordings to be importable.',
  'error.bbb_recording_not_ready': 'BigBlueButton is still processing this recording: import it once it is published.',
  'error.bbb_recording_gone': 'This recording was deleted from the BigBlueButton server.',
  'error.bbb_recording_unpublished': 'BigBlueButton does not serve the files of an unpublished recording: publish it, then retry the import.',
  'error.bbb_recording_already_imported': 'This recording was already imported, or is being imported.',
  'error.bbb_recording_too_large': 'The recording’s video file is larger than this site allows for imports.',
  'error.bbb_recording_not_media': 'The recording’s file cannot be used as a video: it is damaged or not a video.',
  'error.bbb_download_incomplete': 'The recording’s file could not be downloaded whole (its size does not match what the server announced).',
  'error.bbb_download_failed': 'The recording’s file could not be downloaded: the connection to the BigBlueButton server kept failing.',
  'error.bbb_media_not_found': 'The BigBlueButton server does not serve this recording’s video file.',
  'error.bbb_import_not_failed': 'Only a failed import can be retried.',
  'error.bbb_import_not_found': 'This recording import does not exist.',
  'error.bbb_import_forbidden': 'Only the owner of the recording, the person who imported it or an administrator can retry this import.',
  'error.bbb_import_no_owner': 'This recording is not of a Lectern meeting: someone must import it.',
  'error.bbb_import_not_queued': 'The import could not be queued: try again.',
  'error.bbb_import_interrupted': 'The import was stopped while it ran: try again.',
  'error.bbb_import_owner_gone': 'The owner of this recording no longer exists.',
  'error.bbb_import_error': 'The import failed because of an unexpected error: try again, or ask an administrator to read the server’s logs.',
  'error.bbb_server_gone': 'The BigBlueButton server of this recording was removed from Lectern.',
} as const;
