import type { samlSpEn } from './saml-sp.en.js';

/** Textes français du fournisseur de services SAML : ses codes d’erreur, et la page qui envoie une demande de connexion à un IdP. */
export const samlSpFr: Record<keyof typeof samlSpEn, string> = {
  'samlSp.post.title': 'Connexion',
  'samlSp.post.sending': 'Vous allez être conduit à la page de connexion de votre établissement…',
  'samlSp.post.continue': 'Continuer',
  'error.saml_idp_unknown': 'Lectern ne peut pas vous connecter avec cet établissement (il est inconnu ici, ou désactivé).',
  'error.saml_response_refused': 'La réponse du service de connexion de votre établissement a été refusée : vous n’êtes pas connecté. Réessayez depuis la page de connexion ; si cela se reproduit, donnez la référence de cette page à un administrateur.',
};
