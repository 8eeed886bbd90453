import { pino, type Logger } from 'pino';

export type { Logger };

/** The one root logger. Modules get `logger.child({ module })`; secrets are redacted. */
export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    name: options.name ?? 'lectern',
    level: options.level,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}
