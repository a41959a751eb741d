/**
 * Work in steps: a generator that pauses (`yield`) where its data is consistent, so the language
 * server can give the event loop a turn between steps (settling a document, judging programs, listing a
 * folder). Callers that want the result at once run it to the end.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs `steps` to the end and returns their result. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}
