/** Custom LSP methods between our client and server (docs/LAYOUT.md "protocol"). The client imports this file. */
import type { ComplianceReport } from './analysis/report/model';

export namespace ScanWorkspaceRequest {
  export const method = 'twelveFactor/scanWorkspace';
  export interface Result {
    files: number;
    findings: number;
    cancelled: boolean;
    durationMs: number;
  }
}

/** The compliance report of every workspace folder (docs/DESIGN.md §6), optionally rendered for export. */
export namespace ReportRequest {
  export const method = 'twelveFactor/report';
  export interface Params {
    /** Also render the report: Markdown (as the CLI's --format markdown) or SARIF 2.1.0. */
    format?: 'markdown' | 'sarif';
  }
  export interface Result {
    report: ComplianceReport;
    /** The rendered report when `format` was given. */
    text?: string;
  }
}

export namespace StatusNotification {
  export const method = 'twelveFactor/status';
  export interface Params {
    state: 'ok' | 'warning' | 'error';
    /** One line for the status item. */
    text: string;
  }
}

export const SERVER_COMMANDS = {
  /** Opens a rule's documentation ([ruleId, webUrl]); executed by our VS Code client, which says so in its initializationOptions. */
  openRuleDocs: 'twelveFactor.openRuleDocs',
  /** The same for other LSP clients that support window/showDocument: executed by the server. */
  showRuleDocs: 'twelveFactor.showRuleDocs',
} as const;

/** What a client tells the server in `initializationOptions`. */
export interface InitializationOptions {
  /** Commands the client executes itself. */
  clientCommands?: string[];
}

export const FIX_ALL_KIND = 'source.fixAll.twelveFactor';
