/** Custom LSP methods between our client and server (LAYOUT.md "protocol"). The client imports this file. */

export namespace ScanWorkspaceRequest {
  export const method = 'twelveFactor/scanWorkspace';
  export interface Result {
    files: number;
    findings: number;
    cancelled: boolean;
    durationMs: number;
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
  /** Opens a rule's documentation; executed by the client. */
  openRuleDocs: 'twelveFactor.openRuleDocs',
} as const;

export const FIX_ALL_KIND = 'source.fixAll.twelveFactor';
