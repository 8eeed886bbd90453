/** The logging the domain needs; pino's Logger satisfies it. */
export interface DomainLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
  child(bindings: Record<string, unknown>): DomainLogger;
}
