import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { VantResolver } from '@vant/auto-import-resolver';
import precompress from './precompress.js';

// Two entries, built into dist/ and served by `niangjia serve`: the console (index.html, Element
// Plus and ECharts) and the member portal (portal.html for /m/…, Vant only), so that a member on
// a phone never loads the console's library. During development `npm run dev` proxies the API to
// a server on :8080 and answers the portal's routes with portal.html. precompress() writes .br
// and .gz copies of the built files.
export default defineConfig({
  plugins: [
    vue(),
    // The portal's <van-…> tags import their component and its CSS where a page uses them, so
    // each page's chunk carries only the Vant it needs (Vant's recommended set-up).
    components({ dirs: [], dts: false, resolvers: [VantResolver()] }),
    vantIconsOffline(),
    portalRoutesInDev(),
    precompress(),
  ],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: {
    // Element Plus and ECharts are large by nature; each gets a chunk of its own (cached across
    // releases of our code) and the warning limit is set above their size.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: { console: 'index.html', portal: 'portal.html' },
      output: {
        codeSplitting: {
          // A group holds only the modules it names: a module both apps use (Vue's helpers) must
          // not be pulled into Element Plus's chunk, or the portal would load that chunk too.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'vue', test: /node_modules[\\/](@?vue|pinia|vue-router|vue-i18n|@intlify)/ },
          ],
        },
      },
    },
  },
});

// The development server's answer to the portal's routes (/m, /m/…): portal.html, as the
// server's static files give it (src/http/static_files.cpp AppPageOf).
function portalRoutesInDev() {
  return {
    name: 'niangjia-portal-routes',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (/^\/m(\/[^.]*)?(\?.*)?$/.test(req.url)) req.url = '/portal.html';
        next();
      });
    },
  };
}

// Vant's icon font comes inline (woff2 in the stylesheet) with a fallback on Alibaba's CDN, which
// the portal must not reach: it works offline, and the server's Content-Security-Policy allows
// fonts only from itself (the browser reports the blocked fallback as an error).
function vantIconsOffline() {
  return {
    name: 'niangjia-vant-icons-offline',
    enforce: 'pre',
    transform(code, id) {
      if (!/vant[\\/](es|lib)[\\/]icon[\\/]index\.css$/.test(id)) return null;
      return { code: code.replace(/,\s*url\(\/\/at\.alicdn\.com[^)]*\)\s*format\("woff"\)/g, ''), map: null };
    },
  };
}
