import type { NextFunction, Request, Response } from 'express';

/**
 * A body sent without Content-Length (chunked) is counted as it arrives: past `maxBytes` the
 * request is refused and its connection closed. The body parsers read a body they refuse to its
 * end before they answer, so an endless chunked body was read for as long as the client sent it
 * (about 8 GB in 10 s on loopback, no answer). Counting at `push` leaves the stream's flow alone.
 */
export function capUndeclaredBodies(maxBytes: number, refuse: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] === undefined) {
      next();
      return;
    }
    let received = 0;
    let refused = false;
    const push = req.push.bind(req);
    req.push = (chunk: unknown, encoding?: BufferEncoding) => {
      if (chunk !== null && chunk !== undefined) received += (chunk as Buffer).length;
      if (received <= maxBytes) return push(chunk, encoding);
      if (!refused) {
        refused = true;
        if (res.headersSent) req.socket.destroy();
        else refuse(req, res);
      }
      return false; // the socket stops being read
    };
    next();
  };
}
