/** What a secret looks like, shared by the code and Dockerfile checks of `config/no-hardcoded-secret`. */
export { identifierWords, secretKindOfName, isSecretName } from './names';
export { isPlaceholder, looksLikeSecretValue, looksLikeRealCredential } from './values';
export {
  TOKEN_FORMATS,
  TOKEN_KEYWORDS,
  TOKEN_PREFIX_HINT,
  findTokens,
  isCredentialStandIn,
  isPlaceholderToken,
  mayContainToken,
  type FindTokensOptions,
  type TokenFamily,
  type TokenFormat,
  type TokenMatch,
} from './formats';
export { findUrlCredentials, connectionKind, isPasswordPlaceholder, isWeakDefaultPassword, type UrlCredential } from './urls';
export { hasBase62Crc32, withBase62Crc32, isBech32, looksRandom, isRunOrSequence } from './checks';
export { KeywordScanner } from './keywords';
