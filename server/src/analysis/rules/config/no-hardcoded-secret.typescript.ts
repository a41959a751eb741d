import * as ts from 'typescript';
import type { TypeScriptCheck, TypeScriptContext } from '../../rule';
import { redact } from '../../redact';
import { envVarName, moveToEnvFix } from '../../fixes/envVar';

/** Words of an identifier: `stripeApiKey` → [stripe, api, key], `DB_PASSWORD` → [db, password]. */
export function identifierWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const SECRET_WORDS: Record<string, string> = {
  password: 'password',
  passwd: 'password',
  pwd: 'password',
  pass: 'password',
  secret: 'secret',
  token: 'token',
  apikey: 'API key',
  credentials: 'credential',
  credential: 'credential',
};

/** The kind of secret an identifier names, or undefined. */
export function secretKindOfName(name: string): string | undefined {
  const words = identifierWords(name);
  const last = words[words.length - 1];
  if (!last) return undefined;
  const joinedTail = words.slice(-2).join('');
  if (joinedTail === 'apikey' || joinedTail === 'accesskey' || joinedTail === 'privatekey') {
    return joinedTail === 'apikey' ? 'API key' : joinedTail === 'accesskey' ? 'access key' : 'private key';
  }
  return SECRET_WORDS[last];
}

const PLACEHOLDER = /^(|changeme|change[-_ ]?me|xxx+|\*+|\.\.\.|todo|secret|password|token|example|dummy|test|<[^>]*>|\$\{[^}]*\}|your[-_ ].*)$/i;

function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim()) || value.trim().length < 4;
}

function nameOf(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return undefined;
}

function stringValue(node: ts.Node | undefined): ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | undefined {
  if (!node) return undefined;
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node : undefined;
}

export const typescriptCheck: TypeScriptCheck = {
  prefilter: (text) => /pass|pwd|secret|token|key|credential/i.test(text),
  create(context: TypeScriptContext) {
    const check = (nameNode: ts.Node | undefined, valueNode: ts.Node | undefined) => {
      const literal = stringValue(valueNode);
      const name = nameOf(nameNode);
      if (!literal || !name) return;
      const kind = secretKindOfName(name);
      if (!kind || isPlaceholder(literal.text)) return;
      const envName = envVarName(name);
      const range = context.rangeOf(literal);
      context.report({
        messageId: 'namedSecret',
        data: { kind, name, value: redact(literal.text), envName },
        range,
        secrets: [literal.text],
        fixes: [moveToEnvFix({ file: context.file, root: context.root, range, name: envName, expression: `process.env.${envName}` })],
      });
    };
    return {
      [ts.SyntaxKind.VariableDeclaration]: (node: ts.VariableDeclaration) => check(node.name, node.initializer),
      [ts.SyntaxKind.PropertyAssignment]: (node: ts.PropertyAssignment) => check(node.name, node.initializer),
      [ts.SyntaxKind.PropertyDeclaration]: (node: ts.PropertyDeclaration) => check(node.name, node.initializer),
      [ts.SyntaxKind.BinaryExpression]: (node: ts.BinaryExpression) => {
        if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken) check(node.left, node.right);
      },
    };
  },
};
