import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import precompress from './precompress.js';

// Built into dist/, which `niangjia serve` serves; during development `npm run dev` proxies the
// API to a server on :8080. precompress() writes .br and .gz copies of the built files.
export default defineConfig({
  plugins: [vue(), precompress()],
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: {
    // Element Plus and ECharts are large by nature; each gets a chunk of its own (cached across
    // releases of our code) and the warning limit is set above their size.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
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
