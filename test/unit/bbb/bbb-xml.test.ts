import { expect } from 'chai';
import { BbbApiError, BbbProtocolError } from '../../../server/src/domain/meetings/bbb.js';
import {
  parseBbbEnvelope,
  parseCreateResponse,
  parseDeleteRecordingsResponse,
  parseEndResponse,
  parseIsMeetingRunningResponse,
  parseMeetingInfoResponse,
  parsePublishRecordingsResponse,
  parseRecordingsResponse,
} from '../../../server/src/infra/bbb/bbb-xml.js';

const ok = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n  <returncode>SUCCESS</returncode>\n  ${inner}\n</response>`;
const failed = (key: string, message: string) =>
  `<response><returncode>FAILED</returncode><messageKey>${key}</messageKey><message>${message}</message></response>`;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const RECORDING_1 = `<recording>
  <recordID>ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</recordID>
  <meetingID>00123</meetingID>
  <internalMeetingID>ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</internalMeetingID>
  <name>Cours &amp; TD</name>
  <isBreakout>false</isBreakout>
  <published>true</published>
  <state>published</state>
  <startTime>1530718721124</startTime>
  <endTime>1530718810456</endTime>
  <participants>3</participants>
  <rawSize>951067</rawSize>
  <metadata>
    <isBreakout>false</isBreakout>
    <bbb-origin>Moodle</bbb-origin>
    <bbb-context-label>MATH101</bbb-context-label>
    <empty/>
  </metadata>
  <playback>
    <format>
      <type>presentation</type>
      <url>https://bbb.example.edu/playback/presentation/2.3/ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124</url>
      <processingTime>7177</processingTime>
      <length>0</length>
      <size>1104836</size>
      <preview>
        <images>
          <image alt="Welcome to" height="136" width="176">https://bbb.example.edu/presentation/x/presentation/y/thumbnails/thumb-1.png</image>
          <image alt="(this slide left blank for use as a whiteboard)" height="136" width="176">https://bbb.example.edu/presentation/x/presentation/y/thumbnails/thumb-2.png</image>
        </images>
      </preview>
    </format>
    <format>
      <type>video</type>
      <url>https://bbb.example.edu/playback/video/ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124/</url>
      <processingTime>0</processingTime>
      <length>33</length>
      <size>1256</size>
    </format>
  </playback>
</recording>`;

const RECORDING_2 = `<recording>
  <recordID>aaaa-1530000000000</recordID><meetingID>42</meetingID><name>Second</name>
  <published>false</published><state>unpublished</state>
  <startTime>1530000000000</startTime><endTime>1530000060000</endTime><participants>1</participants>
  <metadata/>
  <playback><format><type>podcast</type><url>https://bbb.example.edu/podcast/aaaa-1530000000000/audio.ogg</url><length>1</length></format></playback>
</recording>`;

describe('BBB XML parsing', () => {
  describe('envelope', () => {
    it('turns FAILED into a BbbApiError keyed on messageKey', () => {
      const error = thrown(() => parseCreateResponse(failed('checksumError', 'You did not pass the checksum security check')));
      expect(error).to.be.instanceOf(BbbApiError);
      const apiError = error as BbbApiError;
      expect(apiError.messageKey).to.equal('checksumError');
      expect(apiError.code).to.equal('bbb_checksumError');
      expect(apiError.bbbMessage).to.equal('You did not pass the checksum security check');
    });

    it('keeps notFound and idNotUnique as distinct codes', () => {
      expect((thrown(() => parseMeetingInfoResponse(failed('notFound', 'no meeting'))) as BbbApiError).code).to.equal('bbb_notFound');
      expect((thrown(() => parseCreateResponse(failed('idNotUnique', 'taken'))) as BbbApiError).code).to.equal('bbb_idNotUnique');
    });

    for (const [label, body] of [
      ['empty body', ''],
      ['plain text', 'Service Unavailable'],
      ['JSON', '{"response":{"returncode":"SUCCESS"}}'],
      ['an HTML error page', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
      ['unclosed XML', '<response><returncode>SUCCESS</returncode>'],
      ['an unknown returncode', '<response><returncode>MAYBE</returncode></response>'],
    ] as const) {
      it(`turns ${label} into a BbbProtocolError`, () => {
        expect(thrown(() => parseBbbEnvelope(body))).to.be.instanceOf(BbbProtocolError);
      });
    }
  });

  it('parses create, keeping an all-digit meetingID a string and reading duplicateWarning', () => {
    const result = parseCreateResponse(
      ok(`<meetingID>00123</meetingID><internalMeetingID>183f0bf3a0982a127bdb8161e0c44eb696b3e75c-1531240585189</internalMeetingID>
      <parentMeetingID>bbb-none</parentMeetingID><attendeePW>tK6J5cJv</attendeePW><moderatorPW>MpgAREKs</moderatorPW>
      <createTime>1531240585189</createTime><voiceBridge>70066</voiceBridge><dialNumber>613-555-1234</dialNumber>
      <createDate>Tue Jul 10 16:36:25 UTC 2018</createDate><hasUserJoined>false</hasUserJoined><duration>0</duration>
      <hasBeenForciblyEnded>false</hasBeenForciblyEnded><messageKey>duplicateWarning</messageKey>
      <message>This conference was already in existence and may currently be in progress.</message>`),
    );
    expect(result).to.deep.equal({
      messageKey: 'duplicateWarning',
      message: 'This conference was already in existence and may currently be in progress.',
      meetingID: '00123',
      internalMeetingID: '183f0bf3a0982a127bdb8161e0c44eb696b3e75c-1531240585189',
      createTime: 1531240585189,
      voiceBridge: '70066',
      hasUserJoined: false,
      hasBeenForciblyEnded: false,
      duration: 0,
    });
  });

  it('parses isMeetingRunning both ways and refuses an answer without <running>', () => {
    expect(parseIsMeetingRunningResponse(ok('<running>true</running>'))).to.equal(true);
    expect(parseIsMeetingRunningResponse(ok('<running>false</running>'))).to.equal(false);
    expect(thrown(() => parseIsMeetingRunningResponse(ok('')))).to.be.instanceOf(BbbProtocolError);
    expect(thrown(() => parseIsMeetingRunningResponse(ok('<running>yes</running>')))).to.be.instanceOf(BbbProtocolError);
  });

  describe('getMeetingInfo', () => {
    const info = (attendees: string) =>
      ok(`<meetingName>Amphi A</meetingName><meetingID>12345</meetingID><internalMeetingID>abc-1</internalMeetingID>
      <createTime>1531241258036</createTime><running>true</running><recording>false</recording>
      <hasBeenForciblyEnded>false</hasBeenForciblyEnded><participantCount>2</participantCount><moderatorCount>1</moderatorCount>
      <attendees>${attendees}</attendees><metadata><bbb-origin>Lectern</bbb-origin></metadata>`);

    it('returns attendees as an array, with one attendee', () => {
      const result = parseMeetingInfoResponse(
        info('<attendee><userID>007</userID><fullName>Émile Zola</fullName><role>MODERATOR</role><isPresenter>true</isPresenter><clientType>HTML5</clientType></attendee>'),
      );
      expect(result.meetingID).to.equal('12345');
      expect(result.running).to.equal(true);
      expect(result.participantCount).to.equal(2);
      expect(result.metadata).to.deep.equal({ 'bbb-origin': 'Lectern' });
      expect(result.attendees).to.deep.equal([{ userID: '007', fullName: 'Émile Zola', role: 'MODERATOR', isPresenter: true, clientType: 'HTML5' }]);
    });

    it('returns an empty attendee list for <attendees/> and for two attendees an array of two', () => {
      expect(parseMeetingInfoResponse(ok('<meetingID>1x</meetingID><internalMeetingID>i</internalMeetingID><createTime>1</createTime><attendees/>')).attendees).to.deep.equal([]);
      const two = parseMeetingInfoResponse(
        info('<attendee><userID>a</userID><fullName>A</fullName><role>VIEWER</role><isPresenter>false</isPresenter></attendee><attendee><userID>b</userID><fullName>B</fullName><role>MODERATOR</role><isPresenter>false</isPresenter></attendee>'),
      );
      expect(two.attendees.map((a) => a.userID)).to.deep.equal(['a', 'b']);
    });
  });

  it('parses end as a notice', () => {
    const body = ok('<messageKey>sentEndMeetingRequest</messageKey><message>A request to end the meeting was sent.</message>');
    expect(parseEndResponse(body)).to.deep.equal({ messageKey: 'sentEndMeetingRequest', message: 'A request to end the meeting was sent.' });
  });

  describe('getRecordings', () => {
    it('reads noRecordings, <recordings/>, <recordings></recordings> and a missing element as []', () => {
      expect(parseRecordingsResponse(ok('<recordings/><messageKey>noRecordings</messageKey><message>There are no recordings for the meeting(s).</message>'))).to.deep.equal([]);
      expect(parseRecordingsResponse(ok('<recordings></recordings>'))).to.deep.equal([]);
      expect(parseRecordingsResponse(ok(''))).to.deep.equal([]);
    });

    it('reads a single recording as a one-element array, with formats, previews and metadata', () => {
      const [recording, ...rest] = parseRecordingsResponse(ok(`<recordings>${RECORDING_1}</recordings>`));
      expect(rest).to.have.length(0);
      expect(recording).to.deep.include({
        recordID: 'ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124',
        meetingID: '00123',
        name: 'Cours & TD',
        state: 'published',
        published: true,
        participants: 3,
      });
      expect(recording?.startTime.toISOString()).to.equal(new Date(1530718721124).toISOString());
      expect(recording?.endTime.getTime()).to.equal(1530718810456);
      expect(recording?.metadata).to.deep.equal({ isBreakout: 'false', 'bbb-origin': 'Moodle', 'bbb-context-label': 'MATH101', empty: '' });
      expect(recording?.playback.map((f) => [f.type, f.lengthMinutes])).to.deep.equal([['presentation', 0], ['video', 33]]);
      expect(recording?.playback[0]?.previewImages[0]).to.deep.equal({
        url: 'https://bbb.example.edu/presentation/x/presentation/y/thumbnails/thumb-1.png',
        width: 176,
        height: 136,
        alt: 'Welcome to',
      });
      expect(recording?.playback[0]?.previewImages).to.have.length(2);
      expect(recording?.playback[1]).to.deep.equal({
        type: 'video',
        url: 'https://bbb.example.edu/playback/video/ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124/',
        lengthMinutes: 33,
        previewImages: [],
      });
    });

    it('reads several recordings, each with its own formats', () => {
      const recordings = parseRecordingsResponse(ok(`<recordings>${RECORDING_1}${RECORDING_2}</recordings>`));
      expect(recordings.map((r) => [r.recordID, r.meetingID, r.published, r.playback.length])).to.deep.equal([
        ['ffbfc4cc24428694e8b53a4e144f414052431693-1530718721124', '00123', true, 2],
        ['aaaa-1530000000000', '42', false, 1],
      ]);
      expect(recordings[1]?.metadata).to.deep.equal({});
      expect(recordings[1]?.playback[0]?.type).to.equal('podcast');
    });

    it('refuses a recording with a non-numeric startTime', () => {
      const bad = RECORDING_2.replace('<startTime>1530000000000</startTime>', '<startTime>soon</startTime>');
      expect(thrown(() => parseRecordingsResponse(ok(`<recordings>${bad}</recordings>`)))).to.be.instanceOf(BbbProtocolError);
    });
  });

  it('parses publishRecordings and deleteRecordings', () => {
    expect(parsePublishRecordingsResponse(ok('<published>true</published>'))).to.equal(true);
    expect(parsePublishRecordingsResponse(ok('<published>false</published>'))).to.equal(false);
    expect(parseDeleteRecordingsResponse(ok('<deleted>true</deleted>'))).to.equal(true);
    expect(thrown(() => parseDeleteRecordingsResponse(ok('')))).to.be.instanceOf(BbbProtocolError);
    expect((thrown(() => parseDeleteRecordingsResponse(failed('notFound', 'no recordings'))) as BbbApiError).messageKey).to.equal('notFound');
  });
});
