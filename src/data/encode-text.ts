// Lines of text to word ids as a run reads them: its tokenizer and case, truncated to its longest sentence.
import { tokenize, type TokenizerKind } from './tokenize.js';
import type { Vocabulary } from './vocab.js';

/** The settings of a run that decide how text becomes ids. */
export interface TextEncoding {
  tokenizer: TokenizerKind;
  lowercase: boolean;
  maxLen: number;
}

/** Each line tokenized, cut to maxLen tokens and mapped to ids (unknown words to <unk>; no <bos>/<eos>). */
export function encodeLines(lines: readonly string[], vocab: Vocabulary, settings: TextEncoding): Int32Array[] {
  return lines.map((line) => vocab.encode(tokenize(line, { kind: settings.tokenizer, lowercase: settings.lowercase }).slice(0, settings.maxLen)));
}
