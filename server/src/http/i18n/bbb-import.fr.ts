import type { bbbImportEn } from './bbb-import.en.js';

/** Textes français des imports d’enregistrements BigBlueButton : leurs codes d’erreur, et la description de la vidéo importée. */
export const bbbImportFr: Record<keyof typeof bbbImportEn, string> = {
  'bbbImport.videoDescription': 'Importée de l’enregistrement BigBlueButton de « {meeting} » du {date}.',
  'error.bbb_no_video_format':
    'Cet enregistrement n’a pas de format de lecture « video » : il n’y a pas de fichier vidéo à importer. Son format « presentation » est un lecteur web qui redessine les diapositives, les annotations, la discussion et les webcams dans le navigateur : ce n’est pas un fichier. L’administrateur du serveur BigBlueButton doit activer le format « video » (le paquet bbb-playback-video) pour que les prochains enregistrements puissent être importés.',
  'error.bbb_recording_not_ready': 'BigBlueButton traite encore cet enregistrement : importez-le une fois qu’il sera publié.',
  'error.bbb_recording_gone': 'Cet enregistrement a été supprimé du serveur BigBlueButton.',
  'error.bbb_recording_unpublished': 'BigBlueButton ne sert pas les fichiers d’un enregistrement dépublié : publiez-le, puis relancez l’import.',
  'error.bbb_recording_already_imported': 'Cet enregistrement a déjà été importé, ou est en cours d’import.',
  'error.bbb_recording_too_large': 'Le fichier vidéo de l’enregistrement dépasse la taille permise pour les imports sur ce site.',
  'error.bbb_recording_over_quota': 'L’enregistrement dépasserait le quota de stockage de son propriétaire : libérez de la place (ou demandez un quota plus grand à un administrateur), puis réessayez.',
  'error.bbb_recording_not_media': 'Le fichier de l’enregistrement ne peut pas servir de vidéo : il est abîmé ou ce n’est pas une vidéo.',
  'error.bbb_download_incomplete': 'Le fichier de l’enregistrement n’a pas pu être téléchargé en entier (sa taille ne correspond pas à celle annoncée par le serveur).',
  'error.bbb_download_failed': 'Le fichier de l’enregistrement n’a pas pu être téléchargé : la connexion au serveur BigBlueButton échouait sans cesse.',
  'error.bbb_media_not_found': 'Le serveur BigBlueButton ne sert pas le fichier vidéo de cet enregistrement.',
  'error.bbb_playback_page_invalid': 'Le lien « video » de l’enregistrement ne mène pas à une page de lecture BigBlueButton (la page dépasse 2 Mio).',
  'error.bbb_import_not_failed': 'Seul un import en échec peut être relancé.',
  'error.bbb_import_not_found': 'Cet import d’enregistrement n’existe pas.',
  'error.bbb_import_forbidden': 'Seuls le propriétaire de l’enregistrement, la personne qui l’a importé ou un administrateur peuvent relancer cet import.',
  'error.bbb_import_no_owner': 'Cet enregistrement ne vient pas d’une réunion Lectern : quelqu’un doit l’importer.',
  'error.bbb_import_not_queued': 'L’import n’a pas pu être mis en file d’attente : réessayez.',
  'error.bbb_import_interrupted': 'L’import a été interrompu pendant son exécution : réessayez.',
  'error.bbb_import_owner_gone': 'Le propriétaire de cet enregistrement n’existe plus.',
  'error.bbb_import_error': 'L’import a échoué à cause d’une erreur inattendue : réessayez, ou demandez à un administrateur de lire les journaux du serveur.',
  'error.bbb_server_gone': 'Le serveur BigBlueButton de cet enregistrement a été retiré de Lectern.',
};
