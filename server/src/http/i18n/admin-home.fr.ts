import type { adminHomeEn } from './admin-home.en.js';

/** La page d’accueil de l’administration (/admin) et son entrée de navigation. */
export const adminHomeFr: Record<keyof typeof adminHomeEn, string> = {
  'nav.admin': 'Administration',
  'adminHome.title': 'Administration',
  'adminHome.intro': 'Tout ce que les administrateurs règlent pour ce site.',
  'adminHome.section.media': 'Vidéos et accès',
  'adminHome.section.integrations': 'LMS, Esup-Pod et BigBlueButton',
  'adminHome.section.signIn': 'Connexion',
  'adminHome.encoding': 'Les tâches d’encodage : en cours, en échec, et leurs relances.',
  'adminHome.groups': 'Les groupes d’accès qui réservent des vidéos et des réunions à leurs membres.',
  'adminHome.imports': 'Importer et exporter des utilisateurs et des vidéos en masse (CSV).',
  'adminHome.moodle': 'Les clés du plugin Moodle repository_pod et des scripts Esup-Pod.',
  'adminHome.lti': 'Les plateformes LMS qui lancent Lectern comme outil LTI 1.3.',
  'adminHome.bbb': 'Les serveurs BigBlueButton et leurs enregistrements.',
  'adminHome.ssoName': 'Réglages de connexion',
  'adminHome.sso': 'La connexion locale, la correspondance des identités et les comptes d’établissement liés.',
  'adminHome.saml': 'Les fournisseurs d’identité SAML (Renater) et leurs métadonnées.',
  'adminHome.cas': 'Les serveurs CAS.',
};
