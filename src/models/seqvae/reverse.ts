// The in-graph reversal of each row within its length now lives in src/nn; re-exported for existing importers.
export { reverseWithinLength } from '../../nn/reverse-within-length.js';
