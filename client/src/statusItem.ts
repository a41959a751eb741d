/** A language status item that says what the server is doing; a click shows the output. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StatusNotification } from '../../server/src/protocol';
import { DOCUMENT_SELECTOR } from './languageClient';

export class StatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('twelveFactor.status', DOCUMENT_SELECTOR);

  constructor() {
    this.item.name = 'Twelve-Factor Lint';
    this.item.text = 'Twelve-Factor';
    this.item.command = { title: 'Show Output', command: 'twelveFactor.showOutput' };
  }

  attach(client: LanguageClient): void {
    client.onNotification(StatusNotification.method, (params: StatusNotification.Params) => this.set(params.state, params.text));
  }

  set(state: StatusNotification.Params['state'], text: string): void {
    this.item.text = text;
    this.item.severity =
      state === 'error'
        ? vscode.LanguageStatusSeverity.Error
        : state === 'warning'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    this.item.dispose();
  }
}
