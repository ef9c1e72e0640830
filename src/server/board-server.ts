/**
 * The board server: the express app (app.ts) on an HTTP server, socket.io
 * beside it (sockets/socket-hub.ts) and the live events (bus, health,
 * frames → rooms). close() is idempotent: it stops accepting requests,
 * disconnects every socket, ends idle keep-alive connections, stops the
 * live events, then resolves.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { KerbsideError, errorMessage } from "../errors.js";
import { buildApp, type BoardApp } from "./app.js";
import type { BoardContext, BoardReadContext } from "./context.js";
import { startLiveEvents, type LiveEvents } from "./sockets/live-events.js";
import { SocketHub, type SocketHubOptions } from "./sockets/socket-hub.js";

export interface BoardServerOptions {
  host: string;
  port: number;
  sockets?: SocketHubOptions;
  /** Camera health / frame polling period. @defaultValue 1000 ms */
  pollMs?: number;
}

export class BoardServer {
  readonly ctx: BoardContext;
  /** The address it listens on, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly http: Server,
    readonly hub: SocketHub,
    readonly board: BoardApp,
    ctx: BoardContext,
    private readonly live: LiveEvents,
  ) {
    this.ctx = ctx;
    const address = http.address() as AddressInfo;
    this.port = address.port;
    this.url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  }

  /** Listens on host:port (port 0: a free one); rejects with KERB_ERR_BOARD when it cannot. */
  static async start(read: BoardReadContext, options: BoardServerOptions): Promise<BoardServer> {
    const http = createServer();
    const hub = new SocketHub(http, read, options.sockets);
    const ctx: BoardContext = { ...read, push: hub };
    const board = buildApp(ctx);
    http.on("request", board.app);
    try {
      await new Promise<void>((resolve, reject) => {
        http.once("error", reject);
        http.listen(options.port, options.host, () => {
          http.off("error", reject);
          resolve();
        });
      });
    } catch (error) {
      hub.close();
      throw new KerbsideError("KERB_ERR_BOARD", `the board cannot listen on ${options.host}:${options.port}: ${errorMessage(error)}`, { cause: error });
    }
    const live = startLiveEvents(ctx, { pollMs: options.pollMs });
    return new BoardServer(http, hub, board, ctx, live);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.live.close();
    this.hub.close();
    this.http.closeIdleConnections();
    const forced = setTimeout(() => this.http.closeAllConnections(), 2000);
    await stopped;
    clearTimeout(forced);
    this.ctx.log.info("board server closed");
  }
}
