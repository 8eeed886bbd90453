import { startPlatform, type LtiPlatform } from '../../test/helpers/lti-platform/index.js';

/**
 * bench:lti's platform double in a process of its own (so that its RS256 signing and JWKS
 * serving do not share Lectern's event loop). Driven over IPC by bench/lti.bench.ts:
 * `{ start: toolBase }` → the platform's settings; `{ course: { learners, custom } }` → done;
 * `{ logins: count }` → that many one-time login initiation bodies; `{ stop: true }`.
 */
type Command =
  | { readonly start: string }
  | { readonly course: { readonly learners: number; readonly custom: Record<string, string> } }
  | { readonly logins: number }
  | { readonly stop: true };

let platform: LtiPlatform | null = null;
let learners: string[] = [];

function started(): LtiPlatform {
  if (!platform) throw new Error('the platform is not started');
  return platform;
}

async function handle(command: Command): Promise<unknown> {
  if ('start' in command) {
    platform = await startPlatform({ toolBase: command.start });
    return { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId, endpoints: platform.endpoints };
  }
  if ('course' in command) {
    learners = Array.from({ length: command.course.learners }, (_, i) => String(100 + i));
    for (const id of learners) started().addUser({ id, username: `learner${id}`, name: `Learner ${id}`, email: `learner${id}@example.org` });
    started().addCourse({ id: '2', label: 'BENCH101', title: 'Bench course', members: learners });
    started().addResourceLink({ courseId: '2', id: '1', title: 'Lecture', custom: command.course.custom });
    return { learners: learners.length };
  }
  if ('logins' in command) return Array.from({ length: command.logins }, (_, i) => started().loginInitiation({ user: learners[i % learners.length]!, resourceLink: '1' }).body);
  await platform?.close();
  return { stopped: true };
}

process.on('message', (message: { id: number; command: Command }) => {
  handle(message.command).then(
    // After the answer to `stop`, the channel closes and the process ends.
    (result) => process.send?.({ id: message.id, result }, () => 'stop' in message.command && process.disconnect()),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
