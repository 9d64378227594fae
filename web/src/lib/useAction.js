// One action a user starts from a dialog (approve, reject, cancel …): which one, the reason
// typed, the server's refusal shown in the dialog, busy while it runs; the dialog closes when the
// server agrees.
//
//   const action = useAction((kind, reason) => api.post(`…/${kind}`, { reason }).then(show),
//                            { needsReason: (kind) => kind === 'cancel' });
//   <el-button @click="action.start('cancel')"> <el-dialog v-model="action.open">
//   <el-input v-model="action.reason"> <el-alert v-if="action.error"> <el-button @click="action.run()">
import { reactive } from 'vue';
import { i18n } from '../i18n/index.js';

export function useAction(perform, { needsReason = () => false, required = () => i18n.global.t('common.required') } = {}) {
  const action = reactive({
    open: false,
    kind: '',
    reason: '',
    error: '',
    busy: false,
    start(kind) {
      Object.assign(action, { open: true, kind, reason: '', error: '', busy: false });
    },
    async run() {
      action.error = '';
      const reason = action.reason.trim();
      if (needsReason(action.kind) && !reason) {
        action.error = required(action.kind);
        return;
      }
      action.busy = true;
      try {
        await perform(action.kind, reason);
        action.open = false;
      } catch (e) {
        action.error = e.message;
      } finally {
        action.busy = false;
      }
    },
  });
  return action;
}
