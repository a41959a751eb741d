/**
 * Knowledge shared by the facts, the rules and the report, so each concept has one definition. The
 * tables live in the framework model (../framework/); these are the views older readers use.
 */
import { SHUTDOWN_LIBRARIES } from '../framework/signals';

export { SESSION_STORES } from '../framework/sessions';

/** Graceful-shutdown packages (those that install signal handlers themselves, and those to wire to them): package → signals handled once called. */
export const SHUTDOWN_MODULES: Readonly<Record<string, string[]>> = Object.fromEntries(
  Object.entries(SHUTDOWN_LIBRARIES).map(([pkg, lib]) => [pkg, [...lib.signals]]),
);
