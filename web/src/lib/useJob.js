// Follows a background job (an import, an ingest, an export: POST answers the job, GET
// /api/v1/jobs/{id} its progress) until it is no longer running. Leaving the page stops it: the
// poll in flight is aborted and no other is sent. Following a new job stops the one before.
//
//   const { job, percent, follow } = useJob();
//   const done = await follow(await api.upload(...)); // the finished job; null once stopped
// An upload page: `file` (set by choose, an <input type=file>'s change), `busy`, and
// run(start) — starts the job with start(), follows it, shows an error; answers the finished job.
import { computed, getCurrentScope, onScopeDispose, ref } from 'vue';
import { ElMessage } from 'element-plus';
import { api } from '../api.js';

export function useJob({ interval = 400 } = {}) {
  const job = ref(null);
  let generation = 0;
  let controller = null;

  function stop() {
    generation++;
    controller?.abort();
    controller = null;
  }

  async function follow(first) {
    stop();
    const mine = generation;
    job.value = first;
    while (job.value?.state === 'running') {
      await new Promise((r) => setTimeout(r, interval));
      if (mine !== generation) return null;
      controller = new AbortController();
      try {
        const next = await api.get(`/api/v1/jobs/${job.value.id}`, { signal: controller.signal });
        if (mine !== generation) return null;
        job.value = next;
      } catch (e) {
        if (e.aborted || mine !== generation) return null;
        throw e;
      }
    }
    return job.value;
  }

  // The total is estimated from the bytes read: it holds below 100 % until the job is done.
  const percent = computed(() => {
    const j = job.value;
    if (!j) return 0;
    if (j.state === 'done') return 100;
    return Math.min(99, Math.floor((100 * (j.done ?? 0)) / (j.total || 1)));
  });

  const file = ref(null);
  const busy = ref(false);
  const choose = (event) => {
    file.value = event.target.files[0] ?? null;
  };
  async function run(start) {
    busy.value = true;
    job.value = null;
    try {
      return await follow(await start());
    } catch (e) {
      ElMessage.error(e.message);
      return null;
    } finally {
      busy.value = false;
    }
  }

  if (getCurrentScope()) onScopeDispose(stop);
  return { job, percent, follow, stop, file, busy, choose, run };
}
