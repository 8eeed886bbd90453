/**
 * `meetings.last_server_id`: the BBB server a meeting was last created on (set at each start).
 * A meeting that follows the site's default server, or whose chosen server changed, keeps its
 * recordings where it ran: they are listed, and their recording-ready callbacks verified, on
 * that server as well as on the one the meeting would use now. Null: never started since this
 * migration, or that server was removed.
 *
 * Meetings started before it get their best-known server: the one their latest import came
 * from, else (a start recorded) the one they would have used then, their own or the default.
 */
export const sql = `
ALTER TABLE meetings ADD COLUMN last_server_id integer REFERENCES bbb_servers(id) ON DELETE SET NULL;

UPDATE meetings m SET last_server_id = coalesce(
  (SELECT i.server_id FROM bbb_recording_imports i WHERE i.meeting_id = m.id ORDER BY i.created_at DESC, i.id DESC LIMIT 1),
  m.server_id,
  (SELECT s.id FROM bbb_servers s WHERE s.site_id = m.site_id AND s.is_default)
)
WHERE m.last_started_at IS NOT NULL OR EXISTS (SELECT 1 FROM bbb_recording_imports i WHERE i.meeting_id = m.id);
`;
