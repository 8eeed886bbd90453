/** English texts of LTI launches (pages shown inside the LMS). */
export const ltiEn = {
  'lti.refused.title': 'Lectern could not open this activity',
  'lti.refused.retry': 'Reload the course page and open the activity again. If this keeps happening, give this code to your platform’s administrator:',
  'lti.refused.invalid_launch': 'The launch sent by your learning platform could not be verified.',
  'lti.refused.expired': 'This launch has expired or was already used. Open the activity again from the course.',
  'lti.refused.unknown_platform': 'Your learning platform is not registered with Lectern.',
  'lti.refused.pending_platform': 'Your learning platform is registered but a Lectern administrator has not approved it yet.',
  'lti.refused.inactive_platform': 'A Lectern administrator has deactivated your learning platform.',
  'lti.refused.deployment': 'This installation of the tool on your learning platform is not accepted by Lectern.',
  'lti.refused.video_gone': 'The video of this activity no longer exists on Lectern.',
  'lti.refused.forbidden': 'You may not watch this video.',
  'lti.refused.internal': 'Lectern met an unexpected problem. It has been logged; try again in a moment.',
  'lti.unbound.title': 'No video is linked to this activity yet',
  'lti.unbound.teacher': 'Edit the activity and use “Select content” to choose a Lectern video (the link keeps a “video” custom parameter).',
  'lti.unbound.student': 'Your teacher has not chosen a video for this activity yet.',
  'lti.unbound.badVideo': 'The “video” custom parameter of this activity is not a video number.',
  'lti.player.notReady': 'This video is still being prepared. Reload this page in a few minutes.',
} as const;
