/**
 * LTI scores: `lti_progress.score_queued_at` marks a score job pending for the viewer and link
 * (one at a time). A report that changes the score sets it when it is empty and enqueues the
 * job; the job clears it once the share it posted is still the current one, or when it gives up.
 */
export const sql = `
ALTER TABLE lti_progress ADD COLUMN score_queued_at timestamptz;
`;
