/** One entry point for the config languages' parsers. */
import type { ConfigLanguage } from '../detect';
import { parseJson, type JsonDocument } from './json';
import { parseYaml, type YamlDocument } from './yaml';
import { parseDotenv, type DotenvDocument } from './dotenv';
import { parseProcfile, type ProcfileDocument } from './procfile';
import { parseNpmrc, type NpmrcDocument } from './npmrc';

type ConfigDocument = JsonDocument | YamlDocument | DotenvDocument | ProcfileDocument | NpmrcDocument;

export function parseConfigDocument(language: ConfigLanguage, text: string): ConfigDocument {
  switch (language) {
    case 'json':
      return parseJson(text);
    case 'yaml':
      return parseYaml(text);
    case 'dotenv':
      return parseDotenv(text);
    case 'procfile':
      return parseProcfile(text);
    case 'npmrc':
      return parseNpmrc(text);
  }
}
