import { z } from 'zod';

/**
 * How the renderer talks to `slotline serve` in a browser. The page is opened at
 * `http://127.0.0.1:PORT/#token=TOKEN` (the token stays out of server logs and Referer headers).
 *
 * - `GET  /api/session` with `Authorization: Bearer TOKEN` → 200 `{ ok: true }`, or 401 on a missing
 *   or wrong token (the renderer then shows its auth error page instead of the console).
 * - `POST /api/invoke/<channel>` with the bearer token and a JSON body → 200 with an IpcResult.
 * - `GET  /api/ws?token=TOKEN` upgrades to a WebSocket carrying the messages below.
 * - `GET  /metrics` with the bearer token → Prometheus text.
 * Every request and upgrade is also refused (403) when its Origin / Sec-Fetch-Site is foreign.
 */
export const WEB_PATHS = {
  session: '/api/session',
  invoke: '/api/invoke/',
  ws: '/api/ws',
  metrics: '/metrics',
} as const;

/** Client → server. */
export const WsClientMessageSchema = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string(),
  request: z.unknown(),
});
export type WsClientMessage = z.infer<typeof WsClientMessageSchema>;

/** Server → client. */
export const WsServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.number().int().nonnegative(),
    result: z.union([
      z.object({ ok: z.literal(true), data: z.unknown() }),
      z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
    ]),
  }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessageSchema>;

/** WebSocket close code the server uses for a bad token (mirrors HTTP 401). */
export const WS_CLOSE_UNAUTHORIZED = 4401;
