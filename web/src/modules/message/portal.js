// The message centre in the portal: the 消息 tab (its badge the unread count /portal/me gives) and
// a forgotten password by a texted code (see portal/manifests.js for the shape).
import en from './portal.messages.en.js';
import zhCN from './portal.messages.zh-CN.js';

export default {
  order: 60,
  publicRoutes:
      [
        {
          path: '/m/forgot',
          name: 'portal-forgot',
          component: () => import('./PortalForgotPage.vue'),
          meta: {title: 'message.forgot.title'}
        },
      ],
  routes:
      [
        {
          path: 'messages',
          name: 'portal-messages',
          component: () => import('./PortalMessagesPage.vue'),
          meta: {title: 'message.title'}
        },
      ],
  tabs: [{
    name: 'messages',
    route: 'portal-messages',
    title: 'message.tab',
    icon: 'chat-o',
    order: 60,
    badge: 'unread_messages'
  }],
  messages: {'zh-CN': zhCN, en},
};
