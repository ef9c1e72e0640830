/**
 * The board's socket.io server. The handshake is authenticated by the same
 * session cookie as the API (refused otherwise, and from a foreign Origin);
 * the server — never the browser — joins each socket to the rooms its user's
 * scope allows (access-policy.roomsFor) and sends a snapshot. A short drop
 * is recovered by socket.io's connection state recovery (missed events are
 * replayed; middleware runs again, so an ended session cannot resume).
 * Sessions are re-checked periodically, and ended sessions cut sockets at once.
 */
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { loggedError } from "../log-error.js";
import { roomsFor, userRoom } from "../access-policy.js";
import { authFromCookieHeader } from "../auth/session-auth.js";
import { isAllowedOrigin } from "../auth/origin-check.js";
import type { BoardReadContext } from "../context.js";
import { roomsOfScope, type Push, type PushScope } from "./push.js";
import { snapshotFor } from "./snapshot.js";

export interface SocketHubOptions {
  /** How long a dropped client's missed events are kept for recovery. @defaultValue 2 minutes */
  recoveryMs?: number;
  /** How often every socket's session is re-checked (expiry, or ended by `kerbside user` in another process). @defaultValue 5 s */
  recheckMs?: number;
}

interface SocketData {
  userId: number;
  token: string;
}

export class SocketHub implements Push {
  readonly io: Server;
  private readonly timer: NodeJS.Timeout;
  private readonly offEnded: () => void;
  private closed = false;

  constructor(
    httpServer: HttpServer,
    private readonly ctx: BoardReadContext,
    options: SocketHubOptions = {},
  ) {
    this.io = new Server(httpServer, {
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      connectionStateRecovery: { maxDisconnectionDuration: options.recoveryMs ?? 120_000, skipMiddlewares: false },
      allowRequest: (req, callback) => callback(null, isAllowedOrigin(req.headers, ctx.deployment.board.publicUrl)),
    });
    this.io.use((socket, next) => {
      const auth = authFromCookieHeader(ctx, socket.request.headers.cookie);
      if (!auth) {
        next(Object.assign(new Error("KERB_ERR_AUTH: sign in first"), { data: { code: "KERB_ERR_AUTH", message: "sign in first" } }));
        return;
      }
      (socket.data as SocketData) = { userId: auth.user.id, token: auth.token };
      next();
    });
    this.io.on("connection", (socket) => this.onConnection(socket));
    this.offEnded = ctx.accounts.onSessionsEnded((userId) => this.disconnectUser(userId));
    this.timer = setInterval(() => this.recheck(), options.recheckMs ?? 5_000);
    this.timer.unref();
  }

  publish(event: string, payload: unknown, scope: PushScope): void {
    if (this.closed) return;
    this.io.to(roomsOfScope(scope)).emit(event, payload);
  }

  disconnectUser(userId: number): void {
    this.io.in(userRoom(userId)).disconnectSockets(true);
  }

  clientCount(): number {
    return this.io.engine?.clientsCount ?? 0;
  }

  /** Disconnects every socket; the HTTP server is closed by its owner. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.offEnded();
    this.io.disconnectSockets(true);
    this.io.engine?.close();
  }

  private onConnection(socket: Socket): void {
    const { userId } = socket.data as SocketData;
    const user = this.ctx.accounts.users.get(userId);
    if (!user || user.disabled) {
      socket.disconnect(true);
      return;
    }
    void socket.join(roomsFor(user, this.ctx.deployment));
    this.countClients();
    socket.on("disconnect", () => this.countClients());
    if (!socket.recovered) {
      try {
        socket.emit("snapshot", snapshotFor(this.ctx, user));
      } catch (error) {
        this.ctx.log.error({ user: user.username, err: loggedError(error) }, "cannot send the board snapshot");
      }
    }
  }

  private countClients(): void {
    this.ctx.metrics.socketClients.set(this.clientCount());
  }

  /** Sessions expire while sockets stay open: cut those whose session has ended. */
  private recheck(): void {
    for (const socket of this.io.sockets.sockets.values()) {
      const data = socket.data as SocketData;
      const session = this.ctx.accounts.sessions.resolve(data.token, { touch: false });
      const user = session ? this.ctx.accounts.users.get(session.userId) : undefined;
      if (!session || !user || user.disabled) socket.disconnect(true);
    }
  }
}
