import type * as ts from 'typescript';

/**
 * What a rule's verdicts on one top-level statement read beyond the statement, kept with the verdict
 * "nothing to report here" so a later walk of the same statement can skip it.
 */
export interface StatementReads {
  /** The file's standing the verdicts depend on (its path, whether its values are test data…). */
  scope: string;
  /** ModuleBindings.key() when a verdict resolved a name through the file's module bindings. */
  modules?: string;
  /** Questions a verdict asked of the rest of the file's text, with the answers it got (compared with ===). */
  answers?: Map<string, unknown>;
}

/** How a rule tells whether a statement's kept reads still hold for the tree being walked. */
export interface CurrentReads {
  scope: string;
  /** ModuleBindings.key() of the tree being walked. */
  modules(): string;
  /** Every verdict of the rule reads the module bindings: their key is kept with each statement it enters. */
  alwaysReadsModules?: boolean;
  /** The answer the tree being walked gives to a question a kept verdict asked (a rule that asks none has none). */
  answer?(question: string): unknown;
}

/**
 * Verdicts of "nothing to report" kept per top-level statement, for a rule whose findings in a
 * statement follow from the statement's own subtree and from what it reads elsewhere. An incremental
 * reparse keeps the statements an edit did not touch as the same objects (perStatement in visit.ts),
 * so on a keystroke such a rule looks again only at the statements that changed, the statements that
 * reported, and the statements whose verdict read something that any statement can change.
 *
 * The rule calls `spared` before it looks at a node, and says what it reads as it reads it:
 * `readModules`, `answered`, or `unkept` (the file's index, another statement's declaration, a
 * report). `end` after the walk. A node that is not inside a top-level statement is never spared.
 * Its `onStatement` visitor returns `enter(statement)`: the engine then calls none of its visitors in
 * a kept statement, and skips the statement when every rule of the walk keeps it. One instance
 * serves one walk of one tree.
 */
export class KeptVerdicts {
  private statement: ts.Node | undefined;
  private isSpared = false;
  /** What the current statement's verdicts have read; undefined once it cannot be kept. */
  private reads: StatementReads | undefined;
  /** The tree's answers, asked once per question: statements ask the same ones (`new Error(…)` everywhere). */
  private readonly answers = new Map<string, unknown>();

  /** `store` undefined (a scan's fresh tree, TypeScriptContext.incremental): nothing is kept or spared. */
  constructor(
    private readonly store: WeakMap<ts.Node, StatementReads> | undefined,
    private readonly current: CurrentReads,
  ) {}

  /** True when the node's top-level statement was judged harmless and what that read still holds. */
  spared(ancestors: readonly ts.Node[], node: ts.Node): boolean {
    // ancestors[0] is the source file, ancestors[1] the top-level statement, or the node is one.
    return this.enter(ancestors.length > 1 ? ancestors[1] : ancestors.length === 1 ? node : undefined);
  }

  /**
   * The walk enters top-level statement `top` (TypeScriptVisitors.onStatement): true when its verdicts
   * are kept, and the rule has nothing to do in it. A statement in which no visitor of the rule is
   * called is kept this way too: the rule found nothing there and read nothing.
   */
  enter(top: ts.Node | undefined): boolean {
    if (!this.store) return false;
    if (top !== this.statement) {
      this.keep();
      this.statement = top;
      const kept = top && this.store.get(top);
      this.isSpared = !!kept && this.holds(kept);
      this.reads =
        this.isSpared || !top
          ? undefined
          : { scope: this.current.scope, ...(this.current.alwaysReadsModules ? { modules: this.current.modules() } : {}) };
    }
    return this.isSpared;
  }

  readModules(key: string): void {
    if (this.reads) this.reads.modules = key;
  }

  answered(question: string, answer: unknown): void {
    if (this.reads) (this.reads.answers ??= new Map()).set(question, answer);
  }

  /** The current statement's verdict read something any statement can change, or reported: not kept. */
  unkept(): void {
    this.reads = undefined;
  }

  end(): void {
    this.keep();
    this.statement = undefined;
  }

  private keep(): void {
    if (!this.store || !this.statement || this.isSpared) return;
    // A statement looked at again and not kept loses its old entry: nothing stale comes back later.
    if (this.reads) this.store.set(this.statement, this.reads);
    else this.store.delete(this.statement);
  }

  private holds(kept: StatementReads): boolean {
    if (kept.scope !== this.current.scope) return false;
    if (kept.modules !== undefined && kept.modules !== this.current.modules()) return false;
    for (const [question, answer] of kept.answers ?? []) if (this.answer(question) !== answer) return false;
    return true;
  }

  private answer(question: string): unknown {
    if (this.answers.has(question)) return this.answers.get(question);
    const answer = this.current.answer?.(question);
    this.answers.set(question, answer);
    return answer;
  }
}
