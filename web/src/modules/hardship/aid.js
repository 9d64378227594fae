// What the aid pages share: the categories (data that changes with an administrator's decision,
// fetched once a visit and again after a change), a name in the current language, and the
// active archive of a member (to know which categories apply and who the children are).
import { api, query } from '../../api.js';

let categories = null;

export function loadCategories(again = false) {
  if (again || !categories) {
    categories = api.get('/api/v1/hardship/categories').then((r) => r.items).catch((e) => {
      categories = null;
      throw e;
    });
  }
  return categories;
}

// The server's name of a thing in the language shown: name_en in English, else name.
export const named = (locale, o, key = 'name') => (locale === 'en' ? o?.[`${key}_en`] || o?.[key] : o?.[key]) ?? '';

// The member's active archive, or null: found by name in the caller's scope, then by id.
export async function activeArchive(member) {
  const r = await api.get(`/api/v1/hardship/archives${query({ name: member.name, state: 'active', limit: 200 })}`);
  return r.items.find((a) => a.member_id === member.id) ?? null;
}
