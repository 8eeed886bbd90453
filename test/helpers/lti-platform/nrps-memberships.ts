import type { PlatformRequest, PlatformResponse } from './http-kit.js';
import { mediaType, roleUri, scope } from './lti-vocabulary.js';
import { membershipsUrl, type PlatformContext } from './platform-context.js';
import type { Course, PlatformUser, ToolType } from './platform-state.js';
import { linkHeader, pageOf } from './paging.js';
import { authorizeService, serviceBody, serviceError } from './service-response.js';

const MEMBERSHIP_PREFIX = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

/** One member in the NRPS 2.0 shape, with the fields the tool type may receive. */
export function memberJson(ctx: PlatformContext, type: ToolType, course: Course, user: PlatformUser): Record<string, unknown> {
  const member: Record<string, unknown> = { status: 'Active', roles: ctx.state.rolesIn(course, user), user_id: user.id };
  if (user.idnumber) member.lis_person_sourcedid = user.idnumber;
  if (type.sendName) Object.assign(member, { name: `${user.givenName} ${user.familyName}`, given_name: user.givenName, family_name: user.familyName });
  if (type.sendEmail) member.email = user.email;
  return member;
}

/** Moodle's `role` filter: Instructor keeps instructors, Learner drops them; short names allowed. */
function roleFilter(ctx: PlatformContext, course: Course, role: string | null): (user: PlatformUser) => boolean {
  if (role === null || role === '') return () => true;
  const uri = role.startsWith('http://') || role.startsWith('https://') ? role : MEMBERSHIP_PREFIX + role;
  const isInstructor = (user: PlatformUser): boolean => ctx.state.rolesIn(course, user).includes(roleUri.Instructor);
  if (uri === roleUri.Instructor) return isInstructor;
  if (uri === roleUri.Learner) return (user) => !isInstructor(user);
  return () => true;
}

function acceptRefusal(req: PlatformRequest): PlatformResponse | undefined {
  const accept = req.headers.accept ?? '';
  if (accept === mediaType.membershipContainer) return undefined;
  // Moodle would fall back to the LTI 1.x memberships format here; the double refuses instead.
  return serviceError(req, 406, `Accept must be ${mediaType.membershipContainer} (got "${accept}")`);
}

/** GET .../services.php/CourseSection/<course>/bindings/<type>/memberships */
export function handleMemberships(ctx: PlatformContext, req: PlatformRequest, courseId: string, typeId: string): PlatformResponse {
  if (req.method !== 'GET') return serviceError(req, 405, 'Method Not Allowed');
  const refusal = acceptRefusal(req);
  if (refusal) return refusal;
  const auth = authorizeService(ctx, req, [scope.memberships], typeId);
  if (!auth.ok) return auth.response;
  const course = ctx.state.courses.get(courseId);
  const type = ctx.state.types.get(typeId);
  if (!course || !type) return serviceError(req, 404, 'Not Found');
  const rlid = req.url.searchParams.get('rlid');
  if (rlid !== null && ctx.state.links.get(rlid)?.courseId !== courseId) return serviceError(req, 404, `Not Found: resource link ${rlid}`);
  const keep = roleFilter(ctx, course, req.url.searchParams.get('role'));
  const users = [...course.members.keys()].map((id) => ctx.state.requireUser(id)).filter(keep);
  const endpoint = membershipsUrl(ctx, courseId, typeId);
  const page = pageOf(users, req.url, ctx.behaviour.membershipPageSize);
  const body = {
    id: endpoint,
    context: { id: course.id, label: course.label, title: course.title },
    members: page.items.map((user) => memberJson(ctx, type, course, user)),
  };
  return serviceBody(200, mediaType.membershipContainer, body, linkHeader(page));
}
