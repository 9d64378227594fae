// The check character of a unified social credit code (GB 32100), as the server computes it
// (src/core/credit_code.cpp), to tell the clerk at once.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// The expected 18th character, or '' when the first 17 are not all of the alphabet.
export function creditCheckChar(code) {
  const first17 = (code ?? '').trim().toUpperCase().slice(0, 17);
  if (first17.length !== 17) return '';
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) return '';
    sum += v * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}
