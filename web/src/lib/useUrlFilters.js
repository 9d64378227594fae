// A list's filters kept in the URL's query, so that a drill-down from another page, a reload
// or a shared link shows the same list. `defaults` names every filter with the value it has when
// the URL does not say (its type is the filter's: string, number or boolean, a boolean '1' in
// the URL); a value equal to its default stays out of the URL.
//
//   const url = useUrlFilters({ org_id: 0, name: '' }, { onSame: () => list.reload() });
//   url.applied — what the URL says (read-only); url.filters — the form, set from the URL;
//   url.apply(over) — the form (and `over`) into the URL; the same URL again calls onSame
//   (searching again reloads: the list may have changed); url.reset(...keep) — the form back to
//   its defaults but for the keys named, then applied.
// Query keys not among the defaults (a tab, say) are neither compared nor kept.
import { computed, reactive, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';

function parse(raw, fallback) {
  if (raw === undefined || raw === null) return fallback;
  if (typeof fallback === 'boolean') return raw === '1';
  if (typeof fallback === 'number') return Number.isFinite(Number(raw)) && raw !== '' ? Number(raw) : fallback;
  return String(raw);
}

export function useUrlFilters(defaults, { onSame = () => {} } = {}) {
  const route = useRoute();
  const router = useRouter();
  const keys = Object.keys(defaults);
  const applied = computed(() => Object.fromEntries(keys.map((k) => [k, parse(route.query[k], defaults[k])])));
  const filters = reactive({ ...defaults });
  watch(applied, (a) => Object.assign(filters, a), { immediate: true });

  function toQuery(values) {
    const q = {};
    for (const k of keys) {
      const v = values[k];
      if (v === defaults[k] || v === undefined || v === null || (v === '' && typeof defaults[k] !== 'number')) continue;
      q[k] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    }
    return q;
  }

  function apply(over = {}) {
    const wanted = toQuery({ ...filters, ...over });
    const now = toQuery(applied.value);
    if (JSON.stringify(wanted) === JSON.stringify(now)) onSame();
    else router.push({ query: wanted });
  }

  function reset(...keep) {
    for (const k of keys) if (!keep.includes(k)) filters[k] = defaults[k];
    apply();
  }

  return { applied, filters, apply, reset };
}
