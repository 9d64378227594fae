// A file chosen for an upload, read afresh when it is sent: a file edited after it was chosen is
// sent as it is now (a dropped file keeps its handle, read again through it), and one that can no
// longer be read (Chromium refuses a file changed on disk since it was chosen through <input>)
// fails with a message saying so, never silently.
//
//   const chosen = ref(null);            // <FileDrop v-model="chosen" />
//   await api.upload(path, await readFresh(chosen.value));
import { i18n } from '../i18n/index.js';

export async function readFresh(chosen) {
  const t = i18n.global.t;
  if (!chosen) throw new Error(t('common.upload.none'));
  let file = chosen.file;
  try {
    if (chosen.handle) file = await chosen.handle.getFile();
    const bytes = await file.arrayBuffer();
    return new Blob([bytes], { type: 'application/octet-stream' });
  } catch {
    throw new Error(t('common.upload.unreadable', { name: chosen.name }));
  }
}

// "12.3 KB", "1.5 MB".
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
