// The public API of the text pipeline: reading, tokenizing, vocabularies, corpora, batching and the built-in corpus.
export { DataError } from './data-error.js';
export { findInvalidUtf8, type Utf8Problem } from './utf8.js';
export { readTextLines, DEFAULT_MAX_BYTES, type ReadTextOptions, type TextLines } from './read-text.js';
export { tokenize, detokenize, isTokenizerKind, TOKENIZER_KINDS, SPACE_SYMBOL, type TokenizerKind, type TokenizeOptions } from './tokenize.js';
export { Vocabulary, PAD, UNK, BOS, EOS, SPECIAL_TOKENS, type VocabularyBuildOptions, type VocabularyJson } from './vocab.js';
export { seededSplit, DEFAULT_SPLIT, type SplitFractions, type SplitParts } from './split.js';
export { loadCorpus, truncateSentences, type Corpus, type CorpusOptions } from './corpus.js';
export {
  sentenceBatches,
  epochBatches,
  batchOrder,
  materialize,
  SentenceEpochs,
  paddedLength,
  type Batch,
  type SentenceBatch,
  type SentenceBatchOptions,
} from './batches.js';
export { streamBatches, StreamBatches, concatenateWithEos, type StreamBatchOptions } from './stream-batches.js';
export { loadBrownSentences, builtinCorpus, brownCorpusDirectory, type BuiltinCorpusOptions } from './builtin.js';
