// The payout dictionaries (banks, funds) change with a release, not during a visit: each is
// fetched once and shared by the pages; a failed fetch is tried again next time.
import { useI18n } from 'vue-i18n';
import { api } from '../../api.js';

const cache = {};

function load(name) {
  cache[name] ??= api.get(`/api/v1/payout/${name}`).then((r) => r.items).catch((e) => {
    delete cache[name];
    throw e;
  });
  return cache[name];
}

export const banks = () => load('banks');
export const funds = () => load('funds');

// An entry's name in the UI's language (every entry carries name and name_en):
// const { dictName, fundName } = useDictNames(fundsRef); dictName(bank), fundName('hardship', fallback).
export function useDictNames(fundList) {
  const { locale } = useI18n();
  const dictName = (e) => (e ? (locale.value === 'en' && e.name_en) || e.name || e.code : '');
  const fundName = (code, fallback) => {
    const f = fundList?.value?.find((x) => x.code === code);
    return f ? dictName(f) : fallback || code;
  };
  return { dictName, fundName };
}
