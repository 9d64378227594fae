// The member signed in to the portal; kept apart from the console's session.
import { defineStore } from 'pinia';
import { api, setCsrf } from '../api.js';
import { forgetMember, keepCard } from '../portal/offline.js';

const FLAG = 'nj_portal_signed_in';
const face = { face: 'portal' };

export const usePortal = defineStore('portal', {
  state: () => ({ me: null }),
  actions: {
    set(me) {
      this.me = me;
      setCsrf('portal', me?.csrf_token);
      if (me) {
        localStorage.setItem(FLAG, '1');
      } else {
        localStorage.removeItem(FLAG);
        forgetMember(); // what the service worker kept of the member (portal/offline.js)
      }
    },
    // Any of the sign-in routes (login, activation, a password reset): each answers with the
    // member's card, so the card shows with no second round trip.
    async signIn(path, body) {
      const me = await api.post(path, body, face);
      await forgetMember(); // another member may have used this phone
      await keepCard(me);
      this.set(me);
    },
    login(phone, password) {
      return this.signIn('/api/v1/portal/login', { phone, password });
    },
    activate(phone, id_number, password) {
      return this.signIn('/api/v1/portal/activate', { phone, id_number, password });
    },
    async load(options = face) {
      this.set(await api.get('/api/v1/portal/me', options));
    },
    async restore() {
      if (this.me) return true;
      if (!localStorage.getItem(FLAG)) return false;
      try {
        await this.load({ ...face, restoring: true });
        return true;
      } catch {
        this.set(null);
        return false;
      }
    },
    async logout() {
      try {
        await api.post('/api/v1/portal/logout', {}, face);
      } finally {
        this.set(null);
        await forgetMember();
      }
    },
  },
});
