// A small seeded probabilistic grammar of English-like sentences: data for the engine demo and for tests.
import type { Rng } from '../engine/random.js';

const RULES: Record<string, string[][]> = {
  S: [['NP', 'VP', '.'], ['NP', 'VP', 'PP', '.'], ['NP', 'VP', 'and', 'VP', '.']],
  NP: [['the', 'N'], ['a', 'ADJ', 'N'], ['the', 'ADJ', 'N'], ['NAME']],
  VP: [['V', 'NP'], ['IV'], ['V', 'NP', 'ADV']],
  PP: [['P', 'NP']],
  N: [['cat'], ['dog'], ['bird'], ['child'], ['teacher'], ['river'], ['house'], ['garden']],
  ADJ: [['small'], ['tall'], ['happy'], ['quiet'], ['red']], // consonant-initial, so 'a ADJ N' stays grammatical
  NAME: [['anna'], ['tom'], ['maria']],
  V: [['sees'], ['follows'], ['likes'], ['finds'], ['paints']],
  IV: [['sleeps'], ['sings'], ['waits'], ['runs']],
  ADV: [['slowly'], ['today'], ['again']],
  P: [['near'], ['behind'], ['in']],
};

function expand(symbol: string, rng: Rng, out: string[]): void {
  const options = RULES[symbol];
  if (options === undefined) {
    out.push(symbol);
    return;
  }
  for (const s of options[rng.int(0, options.length)]) expand(s, rng, out);
}

/** `count` sentences, each a list of word tokens. */
export function toySentences(count: number, rng: Rng): string[][] {
  return Array.from({ length: count }, () => {
    const words: string[] = [];
    expand('S', rng, words);
    return words;
  });
}
