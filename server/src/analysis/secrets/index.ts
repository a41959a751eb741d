/** What a secret looks like, shared by the code and Dockerfile checks of `config/no-hardcoded-secret`. */
export { identifierWords, isProviderName, isUserName, secretKindOfName } from './names';
export { fromLeet, isPlaceholder, isUserPassword, looksLikeSecretValue, looksLikeRealCredential, userNamesOf } from './values';
export { TOKEN_FORMATS, TOKEN_KEYWORDS, TOKEN_PREFIX_HINT, findTokens, mayContainToken, type TokenMatch } from './formats';
export {
  findUrlCredentials,
  connectionKind,
  isDecoratedPasswordWord,
  isLocalHost,
  isLoudPasswordWord,
  isPasswordPlaceholder,
  isWeakDefaultPassword,
  type UrlCredential,
} from './urls';
export { isWholeSequence, withBase62Crc32 } from './checks';
