/**
 * The judgement of backing-services/no-hardcoded-locator, on descriptions (facts/valueSource.ts) so it
 * runs the same on one file (the TypeScript check), across files (the program check, through imports)
 * and for the report: where a client's locator (URL, host, brokers…) comes from on the paths production
 * runs, and which literal writes it when it is hardcoded.
 */
import { envVarName } from '../../fixes/envVar';
import {
  CONTAINER_KEYS,
  CLIENT_HOST_KEYS,
  LOCATOR_ALTERNATIVES,
  NOT_LOCATOR_CONTAINERS,
  SERVICES,
  URL_KEYS,
  kindOfScheme,
  type ClientSpec,
  type LocatorArgument,
  type ServiceKind,
} from '../../knowledge/backingServices';
import { findTokens, findUrlCredentials } from '../../secrets';
import { eachValue, member, variants, variantText, type Resolver, type Site, type Source } from '../../facts/valueSource';

export interface LocatorLiteral {
  site: Site & { file: string };
  /** `url` when the literal is a whole URL, `host` when it writes the host (alone or inside a URL). */
  role: 'url' | 'host';
  /** The host as written. */
  host: string;
  /** The locator with unknown parts shown as `…`. */
  text: string;
  /** The literal is the whole locator value: an expression may replace it. */
  whole: boolean;
  /** Decided through another module (the program check reports it; the file check does not). */
  via: boolean;
  /** The literal also carries a password or token: config/no-hardcoded-secret's finding, not this rule's. */
  secret: boolean;
}

export interface LocatorJudgement {
  literals: LocatorLiteral[];
  /** Environment variables the locator is read from (names when written). */
  env: string[];
  /** Some of the locator comes from another module not followed here. */
  deferred: boolean;
  /** Some of it is set by the deploy in a way other than a named variable (a config service, a parameter). */
  configured: boolean;
  /** No locator at all where one was looked for. */
  absent: boolean;
}

interface Alternative {
  value: Source;
  file: string;
  via: boolean;
}

const UNK: Source = { k: 'unk' };

/** The values a source can be at the top (through imports, per-environment picks, branches and fallbacks). */
export function alternatives(source: Source, file: string, via: boolean, resolve: Resolver | undefined, depth = 0): Alternative[] {
  if (depth > 12) return [{ value: UNK, file, via }];
  switch (source.k) {
    case 'imp': {
      if (!resolve) return [{ value: source, file, via }];
      const resolved = resolve(source.spec, file);
      if (!resolved) return [{ value: UNK, file, via: true }];
      let value = resolved.value;
      for (const p of source.path) value = member(value, p);
      return alternatives(value, resolved.file, true, resolve, depth + 1);
    }
    case 'each':
      return eachValue(source.of).flatMap((v) => alternatives(v, file, via, resolve, depth + 1));
    case 'if':
      if (source.when === 'prod') return alternatives(source.t, file, via, resolve, depth + 1);
      if (source.when === 'dev') return alternatives(source.f, file, via, resolve, depth + 1);
      return [...alternatives(source.t, file, via, resolve, depth + 1), ...alternatives(source.f, file, via, resolve, depth + 1)];
    case 'or': {
      const first = alternatives(source.a, file, via, resolve, depth + 1);
      if (first.some((a) => a.value.k !== 'obj' && a.value.k !== 'none')) return [{ value: source, file, via }];
      return first.flatMap((a) => (a.value.k === 'none' ? alternatives(source.b, file, a.via, resolve, depth + 1) : [a]));
    }
    default:
      return [{ value: source, file, via }];
  }
}

interface Slot {
  role: 'url' | 'host';
  value: Source;
  file: string;
  via: boolean;
  /** An element of a list (brokers, nodes): one variable cannot replace it. */
  inList?: boolean;
}

/** Locator-holding options of an options object (and of the containers under it). */
function optionSlots(
  options: Source & { k: 'obj' },
  file: string,
  via: boolean,
  resolve: Resolver | undefined,
  depth: number,
  parentKey?: string,
): Slot[] {
  const out: Slot[] = [];
  if (depth > 4) return out;
  for (const [key, value] of Object.entries(options.props)) {
    if (URL_KEYS.has(key)) out.push({ role: 'url', value, file, via });
    else if (CLIENT_HOST_KEYS.has(key)) out.push({ role: 'host', value, file, via });
    else if ((CONTAINER_KEYS.has(key) || parentKey === 'datasources') && !NOT_LOCATOR_CONTAINERS.has(key)) {
      for (const alt of alternatives(value, file, via, resolve)) {
        if (alt.value.k === 'obj') out.push(...optionSlots(alt.value, alt.file, alt.via, resolve, depth + 1, key));
        else if (alt.value.k === 'arr') {
          for (const item of alt.value.items) {
            for (const x of alternatives(item, alt.file, alt.via, resolve)) {
              if (x.value.k === 'obj') out.push(...optionSlots(x.value, x.file, x.via, resolve, depth + 1, key));
            }
          }
        } else if (key === 'connection' || key === 'redis') out.push({ role: 'url', value: alt.value, file: alt.file, via: alt.via });
      }
    }
  }
  return out;
}

/** True when an options object names a locator, or another way to reach the service (a socket path, sentinels). */
function namesLocator(options: Source & { k: 'obj' }): boolean {
  if (options.open) return true;
  return Object.keys(options.props).some(
    (k) => URL_KEYS.has(k) || CLIENT_HOST_KEYS.has(k) || CONTAINER_KEYS.has(k) || LOCATOR_ALTERNATIVES.has(k),
  );
}

/** Where the host is in a locator text: after `scheme://` and `user:pass@`, up to the port, path or next host. */
function hostSpan(text: string, role: 'url' | 'host'): { start: number; end: number; scheme?: string } | undefined {
  let start = 0;
  let scheme: string | undefined;
  const sep = text.indexOf('://');
  if (sep >= 0) {
    scheme = text.slice(0, sep);
    start = sep + 3;
  } else if (role === 'url' && /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text)) {
    // `sqlite:db.sqlite`, `file:./dev.db`, `mailto:`: not a network locator.
    return undefined;
  }
  const pathStart = text.slice(start).search(/[/?#]/);
  const authorityEnd = pathStart < 0 ? text.length : start + pathStart;
  const at = text.lastIndexOf('@', authorityEnd - 1);
  if (at >= start) start = at + 1;
  let end = start;
  if (text[start] === '[') end = text.indexOf(']', start) + 1 || authorityEnd;
  else while (end < authorityEnd && !':,;/?# '.includes(text[end])) end++;
  return { start, end, scheme };
}

interface JudgeOptions {
  file: string;
  resolve?: Resolver;
  /** What the client call sits in, lower-cased: its class's and functions' names, the file's path, its options' words. */
  integration?: string;
}

/** The locator of one client call, judged on the paths production runs. */
export function judgeLocator(
  spec: ClientSpec,
  args: { argument: LocatorArgument; source: Source }[],
  options: JudgeOptions,
): LocatorJudgement {
  const judgement: LocatorJudgement = { literals: [], env: [], deferred: false, configured: false, absent: false };
  const slots: Slot[] = [];
  let sawLocator = false;
  for (const { argument, source } of args) {
    for (const alt of alternatives(source, options.file, false, options.resolve)) {
      const value = alt.value;
      if (value.k === 'imp') {
        judgement.deferred = true;
        sawLocator = true;
        continue;
      }
      if (value.k === 'none') continue;
      if (value.k === 'obj') {
        if (spec.notNetwork?.some((k) => Object.prototype.hasOwnProperty.call(value.props, k))) {
          sawLocator = true;
          judgement.configured = true;
          continue;
        }
        const found = optionSlots(value, alt.file, alt.via, options.resolve, 0);
        if (found.length || namesLocator(value)) sawLocator = true;
        slots.push(...found);
        continue;
      }
      if (value.k === 'arr') {
        sawLocator = true;
        for (const item of value.items) {
          for (const x of alternatives(item, alt.file, alt.via, options.resolve)) {
            if (x.value.k === 'obj') slots.push(...optionSlots(x.value, x.file, x.via, options.resolve, 0));
            else slots.push({ role: argument.as === 'host' ? 'host' : 'url', value: x.value, file: x.file, via: x.via });
          }
        }
        continue;
      }
      if (value.k === 'num') {
        // ioredis/node-redis v3 `(port, host)`: a port alone leaves the host to the default.
        continue;
      }
      if (argument.as === 'options') {
        // An options argument given as a value we cannot see into (a parameter, a call): set elsewhere.
        if (value.k === 'unk' || value.k === 'env') {
          sawLocator = true;
          judgement.configured = true;
        }
        continue;
      }
      sawLocator = true;
      slots.push({ role: argument.as === 'host' ? 'host' : 'url', value, file: alt.file, via: alt.via });
    }
  }
  for (const slot of slots) judgeSlot(slot, options, judgement);
  judgement.absent = !sawLocator && slots.length === 0;
  return judgement;
}

function judgeSlot(slot: Slot, options: JudgeOptions, judgement: LocatorJudgement): void {
  for (const alt of alternatives(slot.value, slot.file, slot.via, options.resolve)) {
    if (alt.value.k === 'obj') {
      const inner = optionSlots(alt.value, alt.file, alt.via, options.resolve, 1);
      for (const s of inner) judgeSlot(s, options, judgement);
      continue;
    }
    if (alt.value.k === 'arr') {
      for (const item of alt.value.items)
        judgeSlot({ role: slot.role, value: item, file: alt.file, via: alt.via, inList: true }, options, judgement);
      continue;
    }
    for (const v of variants(alt.value, { file: alt.file, resolve: options.resolve })) {
      const via = v.via || alt.via;
      const { text, holes, at } = variantText(v);
      if (holes.has('defer')) {
        judgement.deferred = true;
        continue;
      }
      for (const s of v.segments) if ('hole' in s && s.hole === 'cfg' && s.env && !judgement.env.includes(s.env)) judgement.env.push(s.env);
      if (text === '' || text === '\0') {
        if (holes.has('cfg')) judgement.configured = true;
        continue;
      }
      const span = hostSpan(text, slot.role);
      if (!span) continue;
      // A bare word where a URL goes is a name (Sequelize's database, nodemailer's transport name), not a host.
      if (slot.role === 'url' && span.scheme === undefined && !/^(?:localhost|\[|\d+\.|[^.:]+\.[^.:]|[^:]+:\d)/i.test(text)) continue;
      const scheme = span.scheme;
      if (scheme && !scheme.includes('\0') && (kindOfScheme(scheme) === 'sqlite' || /^(?:file|unix)$/i.test(scheme))) continue;
      const host = text.slice(span.start, span.end);
      if (host === '' || host.includes('\0')) {
        if (holes.has('cfg')) judgement.configured = true;
        continue;
      }
      if (host.startsWith('/') || host === ':memory:' || isTestSink(host) || isProviderIntegration(host, options.integration)) continue;
      const segment = at(span.start);
      if (!segment || 'hole' in segment || !segment.site || segment.number) continue;
      const site = { ...segment.site, file: segment.site.file ?? alt.file };
      // The literal is the whole value (a value of node-config's files is, though no expression can replace it).
      const alone = v.segments.length === 1 && (site.whole || site.configKey !== undefined);
      // A literal that is exactly the host of a URL built around it (`'mongodb://' + host + '/app'`).
      const hostOnly = !alone && site.whole && segment.text === host;
      const whole = !slot.inList && (alone || hostOnly) && site.whole;
      const shown = text.replace(/\0/g, '…');
      const secret = findUrlCredentials(text).length > 0 || findTokens(text, 1).length > 0;
      if (judgement.literals.some((l) => l.site.file === site.file && l.site.start === site.start)) continue;
      judgement.literals.push({
        site,
        role: alone && (span.scheme !== undefined || slot.role === 'url') ? 'url' : 'host',
        host,
        text: shown,
        whole,
        via,
        secret,
      });
    }
  }
}

/**
 * Services that only catch test traffic: Ethereal's fake SMTP server (what nodemailer's
 * `createTestAccount()` gives), Mailtrap's sandbox (not its sending hosts, `live.smtp.mailtrap.io`). No deploy
 * sends real mail there.
 */
const TEST_SINK_HOSTS = /^(?:smtp\.ethereal\.email|ethereal\.email|sandbox\.smtp\.mailtrap\.io|smtp\.mailtrap\.io)$/i;

function isTestSink(host: string): boolean {
  return TEST_SINK_HOSTS.test(host.replace(/:\d+$/, ''));
}

/**
 * A mail provider's own SMTP endpoint in that provider's integration: `smtp.office365.com` in an
 * `Outlook365EmailProvider`, `smtp.resend.com` with `user: 'resend'`. The integration is for that provider;
 * the deploy varies the credentials. Anywhere else the host is a locator like any other: factor IV asks that a
 * local SMTP server can be swapped for Postmark (and back) without a code change.
 */
const PROVIDER_MAIL_HOSTS: [RegExp, RegExp][] = [
  [/^(?:smtp|smtp-relay)\.(?:gmail|googlemail)\.com$/, /gmail|google/],
  [/^smtp\.office365\.com$|^smtp-mail\.outlook\.com$/, /office ?365|outlook|o365|microsoft/],
  [/^smtp\.mail\.yahoo\.com$/, /yahoo/],
  [/^smtp\.sendgrid\.net$/, /sendgrid/],
  [/^smtp\.(?:eu\.)?mailgun\.org$/, /mailgun/],
  [/^smtp\.postmarkapp\.com$/, /postmark/],
  [/^smtp\.resend\.com$/, /resend/],
  [/^smtp\.(?:eu\.)?sparkpostmail\.com$/, /sparkpost/],
  [/^in-v3\.mailjet\.com$/, /mailjet/],
  [/^smtp\.mandrillapp\.com$/, /mandrill|mailchimp/],
  [/^smtp(?:pro)?\.zoho\.(?:com|eu|in)$/, /zoho/],
  [/^smtp\.fastmail\.com$/, /fastmail/],
  [/^smtp\.elasticemail\.com$/, /elastic ?email/],
  [/^smtp-relay\.(?:brevo|sendinblue)\.com$|^smtp\.sendinblue\.com$/, /brevo|sendinblue/],
  [/^email-smtp\.[a-z0-9-]+\.amazonaws\.com$/, /\bses\b|amazon|aws/],
];

function isProviderIntegration(host: string, integration: string | undefined): boolean {
  if (!integration) return false;
  const bare = host.replace(/:\d+$/, '').toLowerCase();
  return PROVIDER_MAIL_HOSTS.some(([hosts, words]) => hosts.test(bare) && words.test(integration));
}

/** No locator given: the client's default (localhost) is hardcoded by omission. */
export function defaultsToLocalhost(spec: ClientSpec, args: { argument: LocatorArgument; source: Source }[]): boolean {
  if (!spec.defaultsToLocalhost) return false;
  const [first, second] = args;
  if (!first) return true;
  const a = first.source;
  if (a.k === 'none') return !second || second.source.k === 'none';
  if (a.k === 'num') return !second || second.source.k === 'none';
  if (a.k === 'obj') return !namesLocator(a) && !spec.notNetwork?.some((k) => k in a.props);
  return false;
}

const GENERIC_NAMES =
  /^(?:host|hostname|url|uri|connection|connectionstring|connectionuri|connectionurl|connecturl|connectstring|node|nodes|server|servers|endpoint|address|db|database|brokers|broker|contactpoints|dsn|default|value)$/;

/** The variable a literal locator is read from after the fix: the literal's own name when it says what it is, else the service's convention. */
export function envNameFor(kind: ServiceKind, role: 'url' | 'host', siteName: string | undefined): string {
  if (siteName) {
    const flat = siteName.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
    if (!GENERIC_NAMES.test(flat)) {
      const name = envVarName(siteName);
      if (/(?:URL|URI|HOST|HOSTNAME|DSN|ENDPOINT|SERVER|SERVERS|NODE|NODES|BROKERS|ADDRESS)$/.test(name)) return name;
    }
  }
  return role === 'url' ? SERVICES[kind].urlEnv : SERVICES[kind].hostEnv;
}

/** Shortened for messages. */
/**
 * Shortened for messages, a URL's password masked (`postgres://app:***@db/app`): one the secret rule lets pass as a
 * placeholder (`mysecret`) is still never printed.
 */
export function shown(text: string): string {
  // Up to the last `@` of the text: a password may hold `/` or an unencoded `@` (a host never does).
  const masked = text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)\S*@(?=[^@\s]*$)/i, '$1***@');
  return masked.length > 60 ? `${masked.slice(0, 57)}...` : masked;
}
