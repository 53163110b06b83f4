/**
 * @smshub/process — how every smshub process starts and stops: one logger level variable, one
 * answer to SIGTERM / SIGINT (drain within a deadline), a second signal that exits at once, and
 * a fatal log line before any crash exit. It knows nothing of what a process does.
 */
export * from './run-process.js';
export * from './buffered-destination.js';
