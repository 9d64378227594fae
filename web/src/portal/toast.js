// The portal's short notices (Vant's toast): an error's message, unless it is the lost session
// the router already handles by going to sign-in; and a success.
import { showFailToast, showSuccessToast } from 'vant';
import 'vant/es/toast/style';

export function showError(e) {
  if (e?.status === 401 || e?.aborted) return;
  showFailToast({ message: e?.message ?? String(e), wordBreak: 'break-word' });
}

export function showDone(message) {
  showSuccessToast(message);
}
