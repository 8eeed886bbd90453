import { expect } from 'chai';
import { detectDelimiter, parseCsvRecords, readCsv } from '../../../server/src/domain/imports/csv-reader.js';
import { decodeCsvBytes, firstInvalidUtf8Byte } from '../../../server/src/domain/imports/csv-text.js';
import { formatCsv } from '../../../server/src/domain/imports/csv-writer.js';
import { parseBoolean } from '../../../server/src/domain/imports/row-reader.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function read(text: string) {
  const reading = readCsv(bytes(text));
  if (!reading.ok) throw new Error(`unexpected problem: ${reading.problem.message}`);
  return reading.content;
}

describe('CSV reading (imports)', () => {
  it('detects the delimiter from the first lines, ignoring quoted text', () => {
    expect(detectDelimiter('a,b,c\nd,e,f\n')).to.equal(',');
    expect(detectDelimiter('a;b;c\nd;e;f\n')).to.equal(';');
    expect(detectDelimiter('a\tb\tc\nd\te\tf\n')).to.equal('\t');
    expect(detectDelimiter('a|b|c\nd|e|f\n')).to.equal('|');
    // Commas in tags vary from line to line; semicolons split every line the same way.
    expect(detectDelimiter('jdupont;Cours;maths, algèbre\nmmartin;TD;physique\n')).to.equal(';');
    // Commas inside quotes do not count.
    expect(detectDelimiter('a;"x,y,z,w";c\nd;"1,2,3";f\n')).to.equal(';');
    expect(detectDelimiter('#username,first name\n"Dupont; Jean",x\n')).to.equal(',');
    expect(detectDelimiter('single\ncolumn\n')).to.equal(',');
  });

  it('reads RFC 4180 quotes: delimiters, doubled quotes and line breaks inside values, lines of each record', () => {
    const parsed = parseCsvRecords('a,"b,c","say ""hi"""\r\n"multi\r\nline",x,y\nlast,"",z', ',');
    expect(parsed).to.deep.equal({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
        { line: 2, fields: ['multi\nline', 'x', 'y'] },
        { line: 4, fields: ['last', '', 'z'] },
      ],
    });
  });

  it('trims values and refuses a quote that is never closed, naming the line it opened on', () => {
    expect(parseCsvRecords('  a , b \n', ',')).to.deep.equal({ ok: true, records: [{ line: 1, fields: ['a', 'b'] }] });
    expect(parseCsvRecords('a,b\nc,"open\nstill open\n', ',')).to.deep.equal({ ok: false, line: 2 });
    const reading = readCsv(bytes('a,b\nc,"open\n'));
    expect(reading.ok).to.equal(false);
    expect(!reading.ok && reading.problem).to.include({ line: 2, column: null, code: 'unterminated_quote' });
  });

  it('sets the # header line apart and skips blank lines, keeping physical line numbers', () => {
    const content = read('#username;first name\n\njdupont;Jean\n;\n   \nmmartin;Marie\n');
    expect(content.delimiter).to.equal(';');
    expect(content.header).to.deep.equal({ line: 1, fields: ['username', 'first name'] });
    expect(content.rows).to.deep.equal([
      { line: 3, fields: ['jdupont', 'Jean'] },
      { line: 6, fields: ['mmartin', 'Marie'] },
    ]);
    expect(read('jdupont;Jean\n').header).to.equal(null);
    expect(read('# username ; email\n').header?.fields).to.deep.equal(['username', 'email']);
  });

  it('accepts UTF-8 with or without a byte order mark', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('#username,first name\nzoé,Zoé\n')]);
    expect(read(new TextDecoder().decode(withBom.subarray(3)))).to.deep.equal(readOk(withBom));
    expect(readOk(withBom).header?.fields).to.deep.equal(['username', 'first name']);
    expect(readOk(withBom).rows[0]!.fields).to.deep.equal(['zoé', 'Zoé']);
  });

  it('refuses bytes that are not UTF-8 with the line of the first bad byte', () => {
    // "Hélène" in latin-1 on line 3.
    const latin1 = new Uint8Array([...bytes('username,first name\njdupont,Jean\nhdurand,H'), 0xe9, ...bytes('l'), 0xe8, ...bytes('ne\n')]);
    expect(decodeCsvBytes(latin1)).to.deep.equal({ ok: false, line: 3 });
    const reading = readCsv(latin1);
    expect(!reading.ok && reading.problem).to.deep.include({ line: 3, column: null, code: 'bad_encoding', params: { line: 3 } });
    expect(!reading.ok && reading.problem.message).to.contain('UTF-8');
  });

  it('finds overlong forms, surrogates and cut sequences', () => {
    expect(firstInvalidUtf8Byte(bytes('ok é € 😀'))).to.equal(-1);
    expect(firstInvalidUtf8Byte(new Uint8Array([0x41, 0xc0, 0x80]))).to.equal(1);
    expect(firstInvalidUtf8Byte(new Uint8Array([0xed, 0xa0, 0x80]))).to.equal(0);
    expect(firstInvalidUtf8Byte(new Uint8Array([0x41, 0x42, 0xe2, 0x82]))).to.equal(2);
    expect(firstInvalidUtf8Byte(new Uint8Array([0xf5, 0x80, 0x80, 0x80]))).to.equal(0);
  });

  it('reads booleans the way Pod and spreadsheets write them', () => {
    const values = ['True', 'FALSE', '1', '0', 'yes', 'No', 'oui', 'NON', 'vrai', 'Faux', '', ' true ', 'maybe', '2'].map(parseBoolean);
    expect(values).to.deep.equal([true, false, true, false, true, false, true, false, true, false, null, true, 'invalid', 'invalid']);
  });

  it('writes CSV that reads back the same', () => {
    const rows = [
      ['jdupont', 'Jean; "JD"', 'tags, with, commas'],
      ['#not-a-header', ' padded ', 'two\nlines'],
    ];
    const text = formatCsv(['username', 'first name', 'tags'], rows);
    expect(text.split('\r\n')[0]).to.equal('#username;first name;tags');
    const content = readOk(bytes(text));
    expect(content.delimiter).to.equal(';');
    expect(content.rows.map((row) => row.fields)).to.deep.equal([rows[0], ['#not-a-header', 'padded', 'two\nlines']]);
  });
});

function readOk(data: Uint8Array) {
  const reading = readCsv(data);
  if (!reading.ok) throw new Error(reading.problem.message);
  return reading.content;
}
