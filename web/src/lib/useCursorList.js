// One cursor-paged list (the API answers { items, next_cursor }, next_cursor null on the last
// page): the cursors of the pages already seen are kept, so "previous" goes back exactly.
// Each load aborts the one before it and an answer that is not the latest is dropped, so a slow
// answer to old filters never overwrites the list of the new ones.
//
//   const list = useCursorList((page, signal) => api.get(`/api/v1/x${query({ ...f, ...page })}`, { signal }),
//                               () => ({ ...filters }));
//   <el-table :data="list.rows" v-loading="list.loading" /> <CursorPager :list="list" />
//
// `fetcher(page, signal)`: page is { limit, cursor }; it answers the page (any extra fields stay
// in list.answer). `filters`: a getter (or ref) whose change starts again at the first page;
// without it the caller loads with reload(). Options: size (the page size), notFound (a 404
// sets list.missing instead of showing the error).
import { getCurrentScope, onScopeDispose, reactive, toValue, watch } from 'vue';
import { ElMessage } from 'element-plus';

export function useCursorList(fetcher, filters = null, { size = 20, notFound = false } = {}) {
  let seq = 0;
  let controller = null;
  const list = reactive({
    rows: [],
    answer: null, // the latest answer as a whole
    loading: false,
    missing: false,
    size,
    cursors: [''], // the cursor of each page seen; the last is the current page's
    next: '',
    get page() {
      return list.cursors.length;
    },
    get hasNext() {
      return !!list.next;
    },
    load,
    reload() {
      list.cursors = [''];
      return load();
    },
    prev() {
      if (list.cursors.length > 1) list.cursors.pop();
      return load();
    },
    forward() {
      if (list.next) list.cursors.push(list.next);
      return load();
    },
    resize(n) {
      list.size = n;
      return list.reload();
    },
  });

  async function load() {
    const mine = ++seq;
    controller?.abort();
    controller = new AbortController();
    list.loading = true;
    list.missing = false;
    try {
      const r = await fetcher({ limit: list.size, cursor: list.cursors.at(-1) }, controller.signal);
      if (mine !== seq) return;
      list.answer = r;
      list.rows = r?.items ?? [];
      list.next = r?.next_cursor ?? '';
    } catch (e) {
      if (mine !== seq || e.aborted) return;
      list.rows = [];
      list.next = '';
      if (notFound && e.status === 404) list.missing = true;
      else ElMessage.error(e.message);
    } finally {
      if (mine === seq) list.loading = false;
    }
  }

  if (filters) watch(() => JSON.stringify(toValue(filters)), list.reload, { immediate: true });
  if (getCurrentScope()) {
    onScopeDispose(() => {
      seq++;
      controller?.abort();
    });
  }
  return list;
}
