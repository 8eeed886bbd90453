import { expect } from 'chai';
import { ESLint } from 'eslint';
import { projectRoot } from '../../server/src/infra/project-root.js';

/** The dependency rules of ARCHITECTURE.md §3 and §4.9 are enforced by the lint configuration. */
describe('lint: dependency boundaries', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: projectRoot() });

  async function problems(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
  }

  it('keeps frameworks and infrastructure out of the domain', async () => {
    const found = await problems('server/src/domain/videos/example.ts', "import express from 'express';\nimport { openDatabase } from '../../infra/db.js';\nexport const x = [express, openDatabase];\n");
    expect(found).to.have.length(2);
    expect(found.every((p) => p.startsWith('no-restricted-imports') && p.includes('the domain imports no framework'))).to.equal(true);
  });

  it('lets each third-party library be imported by its one wrapper only', async () => {
    expect(await problems('server/src/http/example.ts', "import { Server } from '@tus/server';\nexport const x = Server;\n")).to.deep.equal([
      "@typescript-eslint/no-restricted-imports: '@tus/server' import is restricted from being used by a pattern. import @tus/server / @tus/file-store only in server/src/infra/uploads/tus-upload-server.ts, its one wrapper (ARCHITECTURE.md §4.9)",
    ]);
    expect(await problems('server/src/infra/uploads/tus-upload-server.ts', "import { Server } from '@tus/server';\nexport const x = Server;\n")).to.deep.equal([]);
  });

  it('keeps server code from importing the adapters, except the composition root', async () => {
    const code = "import { x } from '../../lti/launch.js';\nexport const y = x;\n";
    expect(await problems('server/src/http/example.ts', code)).to.have.length(1);
    expect(await problems('server/src/main.ts', "import { x } from '../lti/launch.js';\nexport const y = x;\n")).to.deep.equal([]);
  });

  it('keeps server code out of encoding/src/ffmpeg and of the browser bundle', async () => {
    expect(await problems('encoding/src/ffmpeg/example.ts', "import { x } from '../../../server/src/domain/errors.js';\nexport const y = x;\n")).to.have.length(1);
    expect(await problems('player/src/example.ts', "import { x } from '../../server/src/domain/errors.js';\nexport const y = x;\n")).to.have.length(1);
  });
});
