import { expect } from 'chai';
import { ltiUsername, namesOf } from '../../../server/src/domain/lms/lti-launch-user.js';
import { lecternRoleFromLti, teachesInContext } from '../../../server/src/domain/lms/lti-roles.js';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';
const SYSTEM = 'http://purl.imsglobal.org/vocab/lis/v2/system/person#';

describe('LTI launch person (pure)', () => {
  it('knows who teaches in the context, with full or short context roles', () => {
    expect(teachesInContext([`${MEMBERSHIP}Instructor`])).to.equal(true);
    expect(teachesInContext(['Instructor'])).to.equal(true);
    expect(teachesInContext([`${MEMBERSHIP}ContentDeveloper`])).to.equal(true);
    expect(teachesInContext([`${MEMBERSHIP}Learner`, `${INSTITUTION}Faculty`])).to.equal(false);
    expect(teachesInContext([`${MEMBERSHIP}Instructor#TeachingAssistant`])).to.equal(false);
    expect(teachesInContext([])).to.equal(false);
  });

  it('maps roles to staff or student, never to administrator, never down', () => {
    expect(lecternRoleFromLti([`${MEMBERSHIP}Instructor`], null)).to.equal('staff');
    expect(lecternRoleFromLti([`${MEMBERSHIP}Learner`, `${INSTITUTION}Faculty`], null)).to.equal('staff');
    expect(lecternRoleFromLti([`${MEMBERSHIP}Learner`], null)).to.equal('student');
    expect(lecternRoleFromLti([`${SYSTEM}Administrator`, `${MEMBERSHIP}Learner`], null)).to.equal('student');
    expect(lecternRoleFromLti([`${MEMBERSHIP}Learner`], 'staff')).to.equal('staff');
    expect(lecternRoleFromLti([`${MEMBERSHIP}Learner`], 'admin')).to.equal('admin');
    expect(lecternRoleFromLti([`${MEMBERSHIP}Instructor`], 'student')).to.equal('staff');
  });

  it('makes usernames from the platform username and a hash of the identity', () => {
    const name = ltiUsername('https://moodle.univ.example', { subject: '4', platformUsername: 'student1' });
    expect(name).to.match(/^student1-[0-9a-f]{8}$/);
    expect(ltiUsername('https://moodle.univ.example', { subject: '4', platformUsername: 'student1' })).to.equal(name);
    expect(ltiUsername('https://other.example', { subject: '4', platformUsername: 'student1' })).to.not.equal(name);
    expect(ltiUsername('https://moodle.univ.example', { subject: '5' })).to.match(/^lti-[0-9a-f]{8}$/);
    expect(ltiUsername('https://moodle.univ.example', { subject: '6', platformUsername: 'Jean Dupont/<x>' })).to.match(/^JeanDupontx-[0-9a-f]{8}$/);
  });

  it('takes names from given and family names, else splits the full name', () => {
    expect(namesOf({ givenName: 'Sam', familyName: 'Student', name: 'ignored' })).to.deep.equal({ firstName: 'Sam', lastName: 'Student' });
    expect(namesOf({ name: '  Marie  de la Tour ' })).to.deep.equal({ firstName: 'Marie', lastName: 'de la Tour' });
    expect(namesOf({})).to.deep.equal({ firstName: '', lastName: '' });
  });
});
