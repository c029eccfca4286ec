import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type DefaultTheme, defineConfig } from 'vitepress';

// The API sidebar is written by scripts/generate-api.mjs (typedoc-vitepress-theme).
const apiSidebarFile = fileURLToPath(
  new URL('../src/api-reference/typedoc-sidebar.json', import.meta.url),
);
if (!existsSync(apiSidebarFile)) {
  throw new Error(
    'The API reference is missing: run `pnpm --filter @rxdc/docs api` (or docs:build) first.',
  );
}
const apiSidebar = JSON.parse(readFileSync(apiSidebarFile, 'utf8')) as DefaultTheme.SidebarItem[];

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Start here',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'Core concepts', link: '/guide/core-concepts' },
    ],
  },
  {
    text: 'Guides',
    items: [
      { text: 'Backpressure and framing', link: '/guide/backpressure-and-framing' },
      { text: 'Porting C code', link: '/guide/porting-c-code' },
      { text: 'The WebSocket server', link: '/guide/websocket-server' },
      { text: 'A cluster on Redis', link: '/guide/cluster' },
      { text: 'A browser and node together', link: '/guide/browser-and-node' },
      { text: 'Video and audio', link: '/guide/media' },
    ],
  },
  {
    text: 'Reference',
    items: [
      { text: 'Performance', link: '/guide/performance' },
      { text: 'Troubleshooting', link: '/guide/troubleshooting' },
      { text: 'API reference', link: '/api-reference/' },
    ],
  },
];

export default defineConfig({
  title: 'rxdc',
  description: 'Reactive, safe WebRTC data channels and WebSockets for Node.js, on libdatachannel',
  srcDir: 'src',
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/logo.svg' }]],
  cleanUrls: false,
  lastUpdated: false,
  // A link to a page that does not exist fails the build.
  ignoreDeadLinks: false,
  markdown: {
    theme: { light: 'github-light', dark: 'github-dark' },
  },
  themeConfig: {
    logo: '/logo.svg',
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '^/guide/' },
      { text: 'API', link: '/api-reference/', activeMatch: '^/api-reference/' },
      { text: 'Performance', link: '/guide/performance' },
    ],
    sidebar: {
      '/guide/': guide,
      '/api-reference/': [{ text: 'API reference', link: '/api-reference/' }, ...apiSidebar],
    },
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    footer: {
      message: 'rxdc: libdatachannel through node-datachannel 0.33, made safe and reactive.',
    },
  },
  vite: {
    // The largest chunk is the local search index of the API reference.
    build: { chunkSizeWarningLimit: 4096 },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
  },
});
