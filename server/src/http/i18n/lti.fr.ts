import type { ltiEn } from './lti.en.js';

/** Textes français des lancements LTI (pages affichées dans la plateforme). */
export const ltiFr: Record<keyof typeof ltiEn, string> = {
  'lti.refused.title': 'Lectern n’a pas pu ouvrir cette activité',
  'lti.refused.retry': 'Rechargez la page du cours et ouvrez de nouveau l’activité. Si le problème persiste, donnez ce code à l’administrateur de votre plateforme :',
  'lti.refused.invalid_launch': 'Le lancement envoyé par votre plateforme pédagogique n’a pas pu être vérifié.',
  'lti.refused.expired': 'Ce lancement a expiré ou a déjà servi. Ouvrez de nouveau l’activité depuis le cours.',
  'lti.refused.unknown_platform': 'Votre plateforme pédagogique n’est pas enregistrée auprès de Lectern.',
  'lti.refused.pending_platform': 'Votre plateforme pédagogique est enregistrée mais un administrateur de Lectern ne l’a pas encore approuvée.',
  'lti.refused.inactive_platform': 'Un administrateur de Lectern a désactivé votre plateforme pédagogique.',
  'lti.refused.deployment': 'Cette installation de l’outil sur votre plateforme pédagogique n’est pas acceptée par Lectern.',
  'lti.refused.video_gone': 'La vidéo de cette activité n’existe plus sur Lectern.',
  'lti.refused.forbidden': 'Vous ne pouvez pas regarder cette vidéo.',
  'lti.refused.internal': 'Lectern a rencontré un problème inattendu. Il a été consigné ; réessayez dans un instant.',
  'lti.unbound.title': 'Aucune vidéo n’est encore liée à cette activité',
  'lti.unbound.teacher': 'Modifiez l’activité et utilisez « Sélectionner un contenu » pour choisir une vidéo Lectern (le lien garde un paramètre personnalisé « video »).',
  'lti.unbound.student': 'Votre enseignant n’a pas encore choisi de vidéo pour cette activité.',
  'lti.unbound.badVideo': 'Le paramètre personnalisé « video » de cette activité n’est pas un numéro de vidéo.',
  'lti.player.notReady': 'Cette vidéo est en cours de préparation. Rechargez cette page dans quelques minutes.',
};
