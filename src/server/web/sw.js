// The page shell, cached so the coach opens on a flaky connection; turns always go to the server.
const CACHE = 'massage-coach-shell-v5';
const SHELL = [
  '/',
  '/style.css',
  '/app.js',
  '/strings.js',
  '/api.js',
  '/speech-out.js',
  '/speech-in.js',
  '/clock.js',
  '/progress.js',
  '/knot-map.js',
  '/svg.js',
  '/report.js',
  '/report-view.js',
  '/plan-view.js',
  '/dev-view.js',
  '/wake-lock.js',
  '/manifest.webmanifest',
  '/icons/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

// Network first (a new version shows at once), the cached shell when offline. Never the API.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/console/'))
    return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request).then((cached) => cached || caches.match('/'))),
  );
});
