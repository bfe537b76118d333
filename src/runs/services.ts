// The evaluators families get from above them: NLL-oracle scoring under a SeqGAN-style oracle file.
import type { FamilyServices } from '../train/family.js';
import { loadOracle, OracleScorer, ORACLE } from '../evaluation/oracle.js';

export const FAMILY_SERVICES: FamilyServices = {
  async loadOracle(path) {
    const scorer = new OracleScorer(await loadOracle(path));
    return { sequenceLength: ORACLE.sequenceLength, score: (sequences) => scorer.score(sequences) };
  },
};
