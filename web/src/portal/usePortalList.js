// A cursor-paged list on a phone ({ items, next_cursor } answers, as every list route gives):
// the next page loads as the member scrolls to the end (van-list), and pulling down starts again
// from the first page. An answer to an older start is dropped.
//
//   const list = usePortalList((page, signal) => api.get(`/api/v1/portal/x${query(page)}`, { face: 'portal', signal }));
//   defineExpose({ refresh: list.refresh });            // the layout's pull-to-refresh
//   <van-list v-model:loading="list.loading" :finished="list.finished" :finished-text="list.rows.length ? t('portal.end') : ''"
//             :error="list.failed" :error-text="t('portal.retry')" @load="list.more">
//     <div v-for="row in list.rows" …/>
//   </van-list>
//   <van-empty v-if="list.finished && !list.rows.length" … />
import { reactive } from 'vue';
import { showError } from './toast.js';

export function usePortalList(fetcher, { size = 20 } = {}) {
  let seq = 0;
  let controller = null;
  const list = reactive({
    rows: [],
    loading: false,
    finished: false,
    failed: false,
    next: '',
    more,
    refresh,
  });

  async function more() {
    const mine = seq;
    controller = new AbortController();
    list.loading = true;
    list.failed = false;
    try {
      const page = await fetcher({ limit: size, cursor: list.next }, controller.signal);
      if (mine !== seq) return;
      list.rows.push(...page.items);
      list.next = page.next_cursor ?? '';
      list.finished = !list.next;
    } catch (e) {
      if (mine !== seq || e.aborted) return;
      list.failed = true;
      showError(e);
    } finally {
      if (mine === seq) list.loading = false;
    }
  }

  // From the first page again (pull-to-refresh, or after the member changed something).
  async function refresh() {
    seq += 1;
    controller?.abort();
    list.rows = [];
    list.next = '';
    list.finished = false;
    await more();
  }

  return list;
}
