// Node's http and https modules are shared by every test file a jest worker runs (a core module
// is not re-evaluated per file), so an HTTP interceptor one file installs outlives it:
// virtual-alexa brings nock 9, which patches `http.request` when it is loaded and never undoes
// it, and our nock 14 wraps whatever it finds. Stacked, they call each other with the wrong
// arguments, and a later file's certificate download or AWS SDK call fails. Each file starts
// from the functions Node had before the first file of the worker changed them.
import http from 'node:http';
import https from 'node:https';

interface Originals {
  httpRequest: typeof http.request;
  httpGet: typeof http.get;
  clientRequest: typeof http.ClientRequest;
  httpsRequest: typeof https.request;
  httpsGet: typeof https.get;
}

const KEY = Symbol.for('massage-coach.test.pristine-http');
const holder = http as unknown as Record<symbol, Originals | undefined>;
const originals = (holder[KEY] ??= {
  httpRequest: http.request,
  httpGet: http.get,
  clientRequest: http.ClientRequest,
  httpsRequest: https.request,
  httpsGet: https.get,
});

http.request = originals.httpRequest;
http.get = originals.httpGet;
http.ClientRequest = originals.clientRequest;
https.request = originals.httpsRequest;
https.get = originals.httpsGet;
