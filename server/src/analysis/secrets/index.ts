/** What a secret looks like, shared by the code and Dockerfile checks of `config/no-hardcoded-secret`. */
export { identifierWords, secretKindOfName, isSecretName } from './names';
export { isPlaceholder, looksLikeSecretValue, looksLikeRealCredential } from './values';
export { TOKEN_FORMATS, TOKEN_PREFIX_HINT, findTokens, isPlaceholderToken, type TokenFormat, type TokenMatch } from './formats';
export { findUrlCredentials, connectionKind, isPasswordPlaceholder, type UrlCredential } from './urls';
