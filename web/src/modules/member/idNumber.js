// The resident ID number (GB 11643-1999) as the clerk types it: the check character computed
// from the first 17 digits (weights 2^(17-i) mod 11; the sum mod 11 picks from "10X98765432"),
// and the birth date inside it. The server checks the same rules (src/core/id_number.cpp); this
// only tells the clerk at once.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkCharacter(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

function validBirth(yyyymmdd) {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date <= new Date();
}

// What to tell the clerk about a partly or fully typed ID number:
// { state: 'typing' | 'hint' | 'error' | 'ok', key, params } — key is an i18n message key.
export function inspectIdNumber(raw) {
  const id = (raw ?? '').trim().toUpperCase();
  if (!id) return { state: 'typing' };
  if (!/^\d{0,17}[\dX]?$/.test(id) || (id.length < 18 && id.includes('X'))) return { state: 'error', key: 'member.idChars' };
  if (id.length < 17) return { state: 'typing' };
  if (!validBirth(id.slice(6, 14))) return { state: 'error', key: 'member.idBirth' };
  const expected = checkCharacter(id.slice(0, 17));
  if (id.length === 17) return { state: 'hint', key: 'member.checkDigitShould', params: { c: expected } };
  if (id[17] !== expected) return { state: 'error', key: 'member.checkDigitWrong', params: { c: expected } };
  const sex = Number(id[16]) % 2 === 1 ? 'member.male' : 'member.female';
  return { state: 'ok', key: 'member.idOk', params: { sex, birth: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` } };
}
