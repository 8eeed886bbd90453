import { expect } from 'chai';
import type { ConsoleMessage, Page } from 'playwright-core';
import type { BbbServerDouble, DoubleAttendee } from '../helpers/bbb-server/index.js';
import { bbbMeetingIdOf, useBbbDouble } from './helpers/bbb-double.js';
import { logIn, pollUntil, tabTo } from './helpers/browser.js';
import { useBrowserSuite } from './helpers/browser-suite.js';
import { serveLmsPage, type LmsPage } from './helpers/lms-page.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
/** The meeting form is long (and Tab walks through each part of a date input): room to reach its end. */
const FORM_TABS = { max: 80 };

/** The day of the week of a YYYY-MM-DD date, Monday = 0 as the form's weekday boxes count. */
function weekdayIndex(day: string): number {
  const [year, month, date] = day.split('-').map(Number);
  return (new Date(Date.UTC(year!, month! - 1, date!)).getUTCDay() + 6) % 7;
}

/** The attendees of a meeting on the double with this role. */
function attendees(bbb: BbbServerDouble, bbbMeetingId: string, role: 'MODERATOR' | 'VIEWER'): DoubleAttendee[] {
  return bbb.meeting(bbbMeetingId)?.attendees.filter((attendee) => attendee.role === role) ?? [];
}

/**
 * Staff members' meetings (/meetings) against the BBB double: the form and the start with the
 * keyboard only, the invitation link, a guest joining, and the invitation inside an LMS iframe.
 */
describe('browser: BigBlueButton meetings', () => {
  const suite = useBrowserSuite();
  const double = useBbbDouble(suite);
  let lms: LmsPage | undefined;

  afterEach(async () => {
    await lms?.close();
    lms = undefined;
  });

  /** The teacher, logged in, on /meetings (which makes their personal room on the first visit). */
  async function teacherOnMeetings(): Promise<Page> {
    const page = await suite.newPage('en-GB');
    await logIn(page, suite.server.baseUrl, suite.teacher.username, suite.teacher.password);
    await page.goto(`${suite.server.baseUrl}/meetings`);
    return page;
  }

  /** The listed meeting called `name`. */
  const meetingItem = (page: Page, name: string) => page.locator('li.meeting').filter({ has: page.getByRole('heading', { name, exact: true }) });

  /**
   * Runs `action` (a form's submission) and waits for the page to land on the double's
   * html5client join URL; a navigation the browser blocks fails with what the console said.
   */
  async function reachesBbbClient(page: Page, action: () => Promise<void>): Promise<void> {
    const blocked: string[] = [];
    const listener = (message: ConsoleMessage) => {
      if (message.text().includes('Content Security Policy')) blocked.push(message.text());
    };
    page.on('console', listener);
    try {
      await Promise.all([page.waitForURL(`${double().origin}/html5client/join?**`), action()]);
    } catch (error) {
      // Chromium logs a blocked form submission a moment after the navigation fails: give it that moment, to name the cause.
      if (!blocked.length) await pollUntil(() => blocked.length > 0, 'a console message', 2_000).catch(() => blocked.push('no Content-Security-Policy message'));
      throw new Error(`the browser did not reach BBB's client: ${blocked.join(' | ')} (${(error as Error).message})`, { cause: error });
    } finally {
      page.off('console', listener);
    }
    expect(page.url()).to.match(new RegExp(`^${double().origin.replace(/\./g, '\\.')}/html5client/join\\?sessionToken=`));
  }

  /** Schedules a one-off meeting anyone with the link may join (a setup step: the keyboard path has its own test). */
  async function scheduleOpenMeeting(page: Page, name: string): Promise<string> {
    await page.goto(`${suite.server.baseUrl}/meetings/new`);
    await page.locator('#name').fill(name);
    await page.locator('#audience').selectOption('anyone');
    await Promise.all([page.waitForURL(`${suite.server.baseUrl}/meetings`), page.locator('form.meeting-form button[type=submit]').click()]);
    return meetingItem(page, name).getByLabel('Invitation link', { exact: true }).inputValue();
  }

  it('schedules a weekly meeting with the keyboard only, copies its invitation, starts it as moderator, and a guest joins by the link', async () => {
    const { baseUrl } = suite.server;
    const page = await teacherOnMeetings();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    expect(await page.locator('h1').textContent()).to.equal('Meetings');
    const personal = page.locator('.meetings-personal li.meeting');
    expect(await personal.count(), 'the personal room, made on the first visit').to.equal(1);
    expect(await personal.locator('h3').textContent()).to.equal('teacher’s room');

    // The form, from the "Schedule a meeting" link to its submit button, without the mouse.
    await tabTo(page, 'a[href="/meetings/new"]');
    await Promise.all([page.waitForURL(`${baseUrl}/meetings/new`), page.keyboard.press('Enter')]);
    await tabTo(page, '#name', FORM_TABS);
    await page.keyboard.type('Amphi L2 chimie');
    const startDate = await page.locator('#start_date').inputValue();
    const weekday = weekdayIndex(startDate);
    await tabTo(page, '#recurrence', FORM_TABS);
    await page.keyboard.type('Weekly');
    expect(await page.locator('#recurrence').inputValue(), 'typing an option’s label chooses it').to.equal('weekly');
    await tabTo(page, `#weekdays-${weekday}`, FORM_TABS);
    await page.keyboard.press('Space');
    expect(await page.locator(`#weekdays-${weekday}`).isChecked(), 'Space ticks the start date’s day').to.equal(true);
    await tabTo(page, '#audience', FORM_TABS);
    await page.keyboard.type('anyone');
    expect(await page.locator('#audience').inputValue()).to.equal('anyone');
    await tabTo(page, 'form.meeting-form button[type=submit]', FORM_TABS);
    await Promise.all([page.waitForURL(`${baseUrl}/meetings`), page.keyboard.press('Enter')]);

    expect(await page.locator('.flash-success').textContent()).to.contain('The meeting has been scheduled.');
    const item = meetingItem(page, 'Amphi L2 chimie');
    expect(await item.count(), 'listed once').to.equal(1);
    expect(await page.locator('section.meetings-upcoming').locator(item).count(), 'among the upcoming meetings').to.equal(1);
    const text = (await item.textContent()) ?? '';
    expect(text).to.match(new RegExp(`Next session: ${WEEKDAYS[weekday]}, \\d{1,2} \\w+ \\d{4} at \\d{2}:00`));
    expect(text).to.contain(`Repeats: Weekly (${WEEKDAYS[weekday]})`);
    expect(text).to.contain('Who may join: anyone with the link, including guests without an account');

    // The invitation link: shown in a labelled read-only field, copied by its button.
    const field = item.getByLabel('Invitation link', { exact: true });
    const invitation = await field.inputValue();
    expect(invitation).to.match(new RegExp(`^${baseUrl.replace(/\./g, '\\.')}/meetings/join/[^/]+/[^/]+$`));
    const bbbMeetingId = bbbMeetingIdOf(invitation);
    const meetingId = await item.getAttribute('data-meeting-id');
    await tabTo(page, `li.meeting[data-meeting-id="${meetingId}"] button[data-copy]`);
    await page.keyboard.press('Enter');
    await pollUntil(async () => (await item.locator('.copy-status').textContent()) === 'Link copied.', 'the copy to be announced');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).to.equal(invitation);

    // Start: Lectern sends the moderator on to BBB's client.
    const start = `li.meeting[data-meeting-id="${meetingId}"] form[action$="/start"] button`;
    expect(await page.locator(start).textContent()).to.equal('Start Amphi L2 chimie');
    await tabTo(page, start);
    await reachesBbbClient(page, () => page.keyboard.press('Enter'));
    expect(attendees(double(), bbbMeetingId, 'MODERATOR').map((attendee) => attendee.fullName)).to.deep.equal(['teacher']);

    // A guest (no account, a fresh context) opens the link, types a name and joins as viewer.
    const guest = await suite.newPage('en-GB');
    await guest.goto(invitation);
    expect(await guest.locator('h1').textContent()).to.equal('Join “Amphi L2 chimie”');
    await tabTo(guest, '#full_name');
    await guest.keyboard.type('Ada Invitée');
    await reachesBbbClient(guest, () => guest.keyboard.press('Enter'));
    expect(attendees(double(), bbbMeetingId, 'VIEWER').map((attendee) => attendee.fullName)).to.deep.equal(['Ada Invitée']);
  });

  it('shows the invitation page inside an iframe of another site, whose join form opens BBB in the whole window', async () => {
    const teacher = await teacherOnMeetings();
    const invitation = await scheduleOpenMeeting(teacher, 'Séminaire encadré');
    const bbbMeetingId = bbbMeetingIdOf(invitation);
    await reachesBbbClient(teacher, () => meetingItem(teacher, 'Séminaire encadré').locator('form[action$="/start"] button').click());

    // "localhost" makes the LMS page another site than Lectern's 127.0.0.1: its cookies are third-party there.
    lms = await serveLmsPage(invitation, 'localhost');
    const page = await suite.newPage('en-GB');
    const framed = page.waitForResponse(invitation);
    await page.goto(lms.url);
    const response = await framed;
    expect(response.status()).to.equal(200);
    expect(response.headers()['x-frame-options'], 'no X-Frame-Options').to.equal(undefined);
    expect(response.headers()['content-security-policy'] ?? '', 'no frame-ancestors restriction').to.not.contain('frame-ancestors');

    const frame = page.frameLocator('iframe[title="Lectern"]');
    expect(await frame.locator('h1').textContent()).to.equal('Join “Séminaire encadré”');
    const name = frame.getByLabel('Your name', { exact: true });
    expect(await name.isVisible()).to.equal(true);
    await name.fill('Grace Encadrée');
    const inFrame = page.frames().find((candidate) => candidate.url() === invitation);
    expect(inFrame, 'a frame holds the invitation page').to.not.equal(undefined);
    expect(await inFrame!.locator('form.stack').getAttribute('target'), 'BBB needs the whole window (camera, microphone)').to.equal('_top');
    await reachesBbbClient(page, () => frame.getByRole('button', { name: 'Join the meeting' }).click());
    expect(attendees(double(), bbbMeetingId, 'VIEWER').map((attendee) => attendee.fullName)).to.deep.equal(['Grace Encadrée']);
  });
});
