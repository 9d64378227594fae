// The payout dictionaries (banks, funds) change with a release, not during a visit: each is
// fetched once and shared by the pages; a failed fetch is tried again next time.
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
