// Who is signed in to the console. A flag in localStorage says whether a session may exist, so
// that a visitor who never signed in is not sent to the server (and its 401) on every page.
import { defineStore } from 'pinia';
import { api, setCsrf } from '../api.js';

const FLAG = 'nj_signed_in';

export const useSession = defineStore('session', {
  state: () => ({ me: null }),
  getters: {
    signedIn: (s) => s.me !== null,
  },
  actions: {
    can(permission) {
      return !!this.me?.permissions?.includes(permission);
    },
    set(me) {
      this.me = me;
      setCsrf('console', me?.csrf_token);
      if (me) localStorage.setItem(FLAG, '1');
      else localStorage.removeItem(FLAG);
    },
    async login(username, password) {
      this.set(await api.post('/api/v1/auth/login', { username, password }));
    },
    // Restores the session after a reload; false when there is none.
    async restore() {
      if (this.me) return true;
      if (!localStorage.getItem(FLAG)) return false;
      try {
        this.set(await api.get('/api/v1/auth/me', { restoring: true }));
        return true;
      } catch {
        this.set(null);
        return false;
      }
    },
    async logout() {
      try {
        await api.post('/api/v1/auth/logout');
      } finally {
        this.set(null);
      }
    },
  },
});
