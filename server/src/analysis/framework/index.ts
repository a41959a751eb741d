/**
 * The framework model (DESIGN.md §8): what starts a server, what runs per request, what handles a
 * signal, what is a session store — one model, shared by the facts collector, every rule and the report.
 */
export * from './servers';
export * from './handlers';
export * from './signals';
export * from './sessions';
export * from './table';
export * from './modules';
