import { expect } from 'chai';
import { generatePassword, hashPassword, verifyPassword } from '../../server/src/domain/users/password-hasher.js';

describe('password hashing', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', hash)).to.equal(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).to.equal(false);
  });

  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same password!')).to.not.equal(await hashPassword('same password!'));
  });

  it('treats Unicode compositions alike (NFKC)', async () => {
    const hash = await hashPassword('caf\u00e9 au lait!');
    expect(await verifyPassword('cafe\u0301 au lait!', hash)).to.equal(true);
  });

  it('refuses malformed stored hashes', async () => {
    for (const stored of ['', 'plain', 'bcrypt$x', 'scrypt$0$8$1$AA==$AA==']) expect(await verifyPassword('x', stored)).to.equal(false);
  });

  it('generates readable random passwords', () => {
    const password = generatePassword();
    expect(password).to.match(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
    expect(generatePassword()).to.not.equal(password);
  });
});
